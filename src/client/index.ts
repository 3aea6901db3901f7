export { connect, VoiceLiveClient, type SessionOptions } from "./voice-live-client.js";
export { VoiceLiveSession, type CallOptions, type SessionState } from "./voice-live-session.js";
export { ResponseHandle } from "./response-handle.js";
export type { ConnectOptions, ReconnectOptions, RotateOptions, VoiceLiveClientOptions } from "./connect-options.js";
export type {
  HistoryFunctionCall,
  HistoryFunctionCallOutput,
  HistoryItem,
  HistoryMessage,
  HistoryTransform,
} from "./conversation-history.js";
export type { RetryOptions } from "./retry-policy.js";
