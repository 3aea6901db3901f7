export { connect, VoiceLiveClient, type SessionOptions } from "./voice-live-client.js";
export { VoiceLiveSession } from "./voice-live-session.js";
export type { SessionState } from "./session-types.js";
export type { CallOptions } from "./session-requests.js";
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
// checkTracer has its own module so that connect's check leaves the span tables out of the initial bundle.
export { checkTracer } from "./tracing-check.js";
export {
  fromOpenTelemetry,
  SPAN_STATUS,
  TRACING_ATTRIBUTES,
  TRACING_EVENT_NAMES,
  TRACING_SPAN_NAMES,
  type OpenTelemetryApiLike,
  type OpenTelemetryTracerLike,
  type SpanStatusCode,
  type TracingAttributes,
  type TracingAttributeValue,
  type TracingSpan,
  type TracingSpanOptions,
  type VoiceLiveTracer,
} from "./tracing.js";
export { traceAudioPipeline, type TracedPipeline } from "./tracing-audio.js";
