/**
 * Reads what crossed the simulator's socket (`sim.frames`) for the end-to-end test.
 */
import type { SimulatorFrame } from "../../../src/testing/index.js";

/** A parsed event and when the simulator sent or received it. */
export type WireEvent = Readonly<Record<string, unknown>> & { readonly type: string; readonly timestamp: number };

/** The events of one direction, in order, optionally of one type. */
export function wireEvents(frames: readonly SimulatorFrame[], direction: "sent" | "received", type?: string): WireEvent[] {
  const events: WireEvent[] = [];
  for (const frame of frames) {
    if (frame.direction !== direction || frame.event === undefined) continue;
    const eventType = frame.event["type"];
    if (typeof eventType !== "string" || (type !== undefined && eventType !== type)) continue;
    events.push({ ...frame.event, type: eventType, timestamp: frame.timestamp });
  }
  return events;
}

/** One `input_audio_buffer.append` as the simulator received it. */
export interface ReceivedAppend {
  readonly bytes: Uint8Array;
  readonly timestamp: number;
}

/** The audio the client appended, decoded from base64, in order. */
export function receivedAppends(frames: readonly SimulatorFrame[]): ReceivedAppend[] {
  return wireEvents(frames, "received", "input_audio_buffer.append").map((event) => ({
    bytes: new Uint8Array(Buffer.from(String(event["audio"]), "base64")),
    timestamp: event.timestamp,
  }));
}

/** Joins PCM16 little-endian chunks into samples. */
export function pcm16Samples(chunks: readonly Uint8Array[]): Int16Array {
  const total = chunks.reduce((n, chunk) => n + chunk.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const view = new DataView(joined.buffer);
  const samples = new Int16Array(total / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true);
  return samples;
}

/** Milliseconds of PCM16 mono audio the simulator sent for an assistant item. */
export function sentAudioMs(frames: readonly SimulatorFrame[], itemId: string, sampleRate: number): number {
  let bytes = 0;
  for (const event of wireEvents(frames, "sent", "response.audio.delta")) {
    if (event["item_id"] === itemId) bytes += Buffer.from(String(event["delta"]), "base64").byteLength;
  }
  return (bytes / 2 / sampleRate) * 1000;
}
