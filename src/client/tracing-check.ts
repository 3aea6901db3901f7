import type { VoiceLiveTracer } from "./tracing.js";

/** Throws `TypeError` unless `value` can serve as the `tracer` option. */
export function checkTracer(value: unknown): asserts value is VoiceLiveTracer | undefined {
  if (value === undefined) return;
  const tracer = value as Partial<VoiceLiveTracer> | null;
  if (typeof tracer !== "object" || tracer === null || typeof tracer.startSpan !== "function" || typeof tracer.contextWithSpan !== "function") {
    throw new TypeError(
      "tracer must have startSpan(name, options, context) and contextWithSpan(span); wrap an OpenTelemetry tracer with fromOpenTelemetry(tracer, { trace, context }).",
    );
  }
}
