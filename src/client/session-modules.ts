/**
 * Everything a session needs only once it is connecting: the schema codec (zod), the
 * BYOM profile rules, request helpers, history, rotation, reconnects, liveness timers,
 * replay, the audio pipeline and `@azure/logger`.
 * `loadSessionModules()` imports this file while the first socket opens, so a browser
 * app's initial bundle holds only the connection core and the rest arrives during the
 * handshake. Nothing here may be needed before `session.created` is delivered.
 */
export { decode, encode } from "../events/codec.js";
export { checkProfile } from "./profile-check.js";
export { SessionRequests } from "./session-requests.js";
export { ConversationHistory } from "./conversation-history.js";
export { SessionRotation } from "./session-rotation.js";
export { restoreSession } from "./session-replay.js";
export { AudioPipeline } from "../audio/audio-pipeline.js";
export { audioAppendFrame } from "./audio-append-frame.js";
export { PendingRequests } from "./pending-requests.js";
export { EventFanout } from "./event-stream.js";
export { SendQueue, waitForDrain } from "./send-queue.js";
export { dropCause, runReconnectLoop } from "./reconnect-loop.js";
export { azureLogger } from "./azure-logger.js";
export { LivenessTimers } from "./liveness-timers.js";
export { retryAttempts } from "./attempt-failure.js";
