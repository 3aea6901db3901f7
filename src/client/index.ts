// Named re-exports here only for what `connect` uses: see extra-exports.ts for why the rest lives there.
export { connect, VoiceLiveClient, type SessionOptions } from "./voice-live-client.js";
export { VoiceLiveSession } from "./voice-live-session.js";
export type { SessionState } from "./session-types.js";
export type { CallOptions } from "./session-requests.js";
export type { ConnectOptions, ReconnectOptions, RotateOptions, VoiceLiveClientOptions } from "./connect-options.js";
export type {
  HistoryFunctionCall,
  HistoryFunctionCallOutput,
  HistoryItem,
  HistoryMessage,
  HistoryTransform,
} from "./conversation-history.js";
export type { RetryOptions } from "./retry-policy.js";
