/**
 * The tracing contract: the few members of an OpenTelemetry tracer and span the SDK calls,
 * declared structurally so that `@opentelemetry/api` is never a dependency. A real
 * OpenTelemetry tracer plugs in through `fromOpenTelemetry()`; see docs/tracing.md.
 */

/** A value the SDK puts on a span or event: ids, counts, durations, codes; never a secret, audio or transcript. */
export type TracingAttributeValue = string | number | boolean;

/** Attributes of a span or an event. */
export type TracingAttributes = Readonly<Record<string, TracingAttributeValue>>;

/** OpenTelemetry's `SpanStatusCode` values. The SDK sets only `ERROR`, as OpenTelemetry asks of instrumentation. */
export const SPAN_STATUS = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** One of `SPAN_STATUS`. */
export type SpanStatusCode = (typeof SPAN_STATUS)[keyof typeof SPAN_STATUS];

/** The options the SDK passes to `startSpan`: a subset of OpenTelemetry's `SpanOptions`. */
export interface TracingSpanOptions {
  readonly attributes?: TracingAttributes;
  /** Epoch milliseconds; omitted means now. */
  readonly startTime?: number;
}

/** The span members the SDK calls: a subset of OpenTelemetry's `Span`, so an OpenTelemetry span is one. */
export interface TracingSpan {
  setAttribute(key: string, value: TracingAttributeValue): unknown;
  setAttributes(attributes: TracingAttributes): unknown;
  addEvent(name: string, attributes?: TracingAttributes): unknown;
  setStatus(status: { code: SpanStatusCode; message?: string }): unknown;
  /** Called with the error's name and code, and its message only for connection and authentication errors (SDK-written). */
  recordException(exception: { name: string; code?: string; message?: string }): unknown;
  end(endTime?: number): void;
}

/**
 * What the `tracer` option of `connect()` / `VoiceLiveClient` takes. `startSpan` is
 * OpenTelemetry's `Tracer.startSpan(name, options, context)`; `contextWithSpan` makes the
 * context argument in which `span` is the parent (OpenTelemetry: `trace.setSpan(context.active(), span)`).
 * The `voicelive.session` span is started with `context` undefined (the ambient context), every
 * other span with `contextWithSpan(sessionSpan)`. Neither method may rely on being awaited.
 */
export interface VoiceLiveTracer {
  startSpan(name: string, options?: TracingSpanOptions, context?: unknown): TracingSpan;
  contextWithSpan(span: TracingSpan): unknown;
}

/** The names of the spans the SDK starts. */
export const TRACING_SPAN_NAMES = {
  session: "voicelive.session",
  connect: "voicelive.connect",
  response: "voicelive.response",
  interruption: "voicelive.interruption",
  reconnect: "voicelive.reconnect",
  rotation: "voicelive.rotation",
} as const;

/** Every attribute key the SDK sets, on spans and on events. */
export const TRACING_ATTRIBUTES = {
  serverAddress: "server.address",
  httpStatus: "http.response.status_code",
  errorType: "error.type",
  apiVersion: "voicelive.api_version",
  model: "voicelive.model",
  profile: "voicelive.profile",
  connectAttempts: "voicelive.connect.attempts",
  attempt: "voicelive.connect.attempt",
  retryDelayMs: "voicelive.connect.retry_delay_ms",
  sessionId: "voicelive.session.id",
  closeCode: "voicelive.close.code",
  closeClean: "voicelive.close.clean",
  reconnects: "voicelive.session.reconnects",
  responseId: "voicelive.response.id",
  responseStatus: "voicelive.response.status",
  responseStatusReason: "voicelive.response.status_reason",
  firstAudioLatencyMs: "voicelive.response.first_audio_latency_ms",
  responseDurationMs: "voicelive.response.duration_ms",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  totalTokens: "voicelive.usage.total_tokens",
  itemId: "voicelive.item.id",
  playedMs: "voicelive.interruption.played_ms",
  truncatedMs: "voicelive.interruption.truncated_ms",
  reconnectAttempts: "voicelive.reconnect.attempts",
  reconnectDelayMs: "voicelive.reconnect.delay_ms",
  reconnectDurationMs: "voicelive.reconnect.duration_ms",
  rotation: "voicelive.rotation.index",
  rotationReason: "voicelive.rotation.reason",
  rotationItems: "voicelive.rotation.items_replayed",
  rotationAttempts: "voicelive.rotation.attempts",
  rotationDurationMs: "voicelive.rotation.duration_ms",
} as const;

/** The names of the span events the SDK adds. */
export const TRACING_EVENT_NAMES = {
  attemptFailed: "voicelive.connect.attempt_failed",
  reconnectAttempt: "voicelive.reconnect.attempt",
  rotationRetried: "voicelive.rotation.retried",
  error: "voicelive.error",
} as const;

/** The part of an OpenTelemetry tracer `fromOpenTelemetry` needs; `@opentelemetry/api`'s `Tracer` has it. */
export interface OpenTelemetryTracerLike<S extends TracingSpan, C> {
  startSpan(name: string, options?: TracingSpanOptions, context?: C): S;
}

/** The part of `@opentelemetry/api` `fromOpenTelemetry` needs: pass `{ trace, context }` from it. */
export interface OpenTelemetryApiLike<S extends TracingSpan, C> {
  readonly trace: { setSpan(context: C, span: S): C };
  readonly context: { active(): C };
}

/**
 * Adapts an OpenTelemetry tracer: `fromOpenTelemetry(trace.getTracer("my-app"), { trace, context })`,
 * with `trace` and `context` imported from `@opentelemetry/api`. Child spans get
 * `trace.setSpan(context.active(), parent)` as their context.
 * @throws TypeError when the tracer has no `startSpan` or the API lacks `trace.setSpan` / `context.active`.
 */
export function fromOpenTelemetry<S extends TracingSpan, C>(tracer: OpenTelemetryTracerLike<S, C>, api: OpenTelemetryApiLike<S, C>): VoiceLiveTracer {
  if (typeof tracer?.startSpan !== "function") throw new TypeError("fromOpenTelemetry() needs a tracer with startSpan(), e.g. trace.getTracer(\"my-app\").");
  if (typeof api?.trace?.setSpan !== "function" || typeof api.context?.active !== "function") {
    throw new TypeError("fromOpenTelemetry() needs { trace, context } from @opentelemetry/api.");
  }
  return {
    startSpan: (name, options, context) => tracer.startSpan(name, options, context as C | undefined),
    // Only spans this tracer made come back here, so the cast restores their own type.
    contextWithSpan: (span) => api.trace.setSpan(api.context.active(), span as S),
  };
}
