import type { AudioPipeline } from "../audio/audio-pipeline.js";
import { SessionTracer, type InterruptionInfo, type TracedSession } from "./tracing-session.js";

/** The pipeline member `traceAudioPipeline` uses; `AudioPipeline` has it. */
export type TracedPipeline = Pick<AudioPipeline, "on" | "off">;

/**
 * Adds a `voicelive.interruption` span (item id, played ms, truncated ms, response id) under
 * the session's span for every barge-in of `pipeline`. Call it once per `attachAudio()`;
 * the session must come from `connect()` with a `tracer`, otherwise this does nothing.
 * Returns a function that stops tracing the pipeline.
 *
 * @example
 * const pipeline = session.attachAudio({ source, sink });
 * traceAudioPipeline(pipeline, session);
 */
export function traceAudioPipeline(pipeline: TracedPipeline, session: TracedSession): () => void {
  if (typeof pipeline?.on !== "function" || typeof pipeline.off !== "function") {
    throw new TypeError("traceAudioPipeline() needs the AudioPipeline that session.attachAudio() returned.");
  }
  const tracer = SessionTracer.of(session);
  if (tracer === undefined) return () => {};
  const onInterrupted = (info: InterruptionInfo): void => tracer.interrupted(info);
  pipeline.on("interrupted", onInterrupted);
  return () => {
    pipeline.off("interrupted", onInterrupted);
  };
}
