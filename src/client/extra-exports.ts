/**
 * The client folder's public exports that `connect` does not need, apart from `./index.ts`.
 * `connect` reaches an app through `./index.ts`, and a bundler that splits code (esbuild)
 * puts every module re-exported there that a deferred chunk also uses into the initial
 * chunk: `tracing.ts` (the span tables, used by the tracing spans) and `response-handle.ts`
 * (used by the request helpers) would load with `connect` although it never calls them.
 */
export { ResponseHandle } from "./response-handle.js";
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
