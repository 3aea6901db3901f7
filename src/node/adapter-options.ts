/**
 * Option checks and byte arithmetic the Node sources and sinks share.
 */
import type { AudioSinkChunk } from "../audio/contracts.js";
import { PcmChunker } from "../audio/pcm/pcm-chunker.js";
import { bytesFor, bytesPerFrame, durationMs, validatePcmFormat, type PcmFormat } from "../audio/pcm/pcm-format.js";

/** The chunk length sources emit when `chunkMs` is not given. */
export const DEFAULT_CHUNK_MS = 20;

/** Checks an options argument is an object or undefined; throws `TypeError` naming `name`. */
export function checkOptionsObject(options: unknown, name = "options"): void {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError(`${name} must be an object or undefined, got ${options === null ? "null" : typeof options}.`);
  }
}

/** Returns a boolean option or its default; throws `TypeError` naming `name` for anything but a boolean. */
export function booleanOption(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${typeof value}.`);
  return value;
}

/**
 * Returns `chunkMs` or the 20 ms default; throws `RangeError` unless it is a finite number
 * from 1 to 1000 (shorter chunks cost a syscall each, longer ones add latency nobody wants).
 */
export function chunkMsOption(value: unknown, name = "options.chunkMs"): number {
  if (value === undefined) return DEFAULT_CHUNK_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > 1000) {
    throw new RangeError(`${name} must be a number of milliseconds from 1 to 1000, got ${String(value)}.`);
  }
  return value;
}

/** Returns the bytes of a `chunkMs` chunk in `format`, rounded to whole sample frames, at least one frame. */
export function chunkBytesFor(chunkMs: number, format: PcmFormat): number {
  return Math.max(bytesPerFrame(format), bytesFor(chunkMs, format));
}

/** Returns a chunker that re-cuts bytes into `chunkMs` frames, rounded to whole samples as `chunkBytesFor` does. */
export function createChunker(chunkMs: number, format: PcmFormat): PcmChunker {
  const samples = chunkBytesFor(chunkMs, format) / bytesPerFrame(format);
  return new PcmChunker({ ...format, frameMs: (samples * 1000) / format.sampleRate });
}

/** Views any byte array (a Node `Buffer` too) as a plain `Uint8Array`, so slices copy instead of sharing a pool. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Checks a declared sink or stream format and returns a plain copy. */
export function formatOption(value: unknown, name = "options.format"): PcmFormat {
  const format = validatePcmFormat(value as PcmFormat, name);
  return { sampleRate: format.sampleRate, channels: format.channels };
}

/**
 * Checks a chunk given to `AudioSink.write()` and returns how many milliseconds it plays.
 * Throws `TypeError` for a missing item id, a bad content index or non-`Uint8Array` audio, and
 * `RangeError` when the audio is not whole PCM16 frames of `format`.
 */
export function sinkChunkDurationMs(chunk: AudioSinkChunk, format: PcmFormat): number {
  if (typeof chunk !== "object" || chunk === null) throw new TypeError("chunk must be an object { itemId, contentIndex, audio }.");
  if (typeof chunk.itemId !== "string" || chunk.itemId === "") throw new TypeError("chunk.itemId must be a non-empty string.");
  if (!Number.isSafeInteger(chunk.contentIndex) || chunk.contentIndex < 0) {
    throw new TypeError(`chunk.contentIndex must be a non-negative integer, got ${String(chunk.contentIndex)}.`);
  }
  if (!(chunk.audio instanceof Uint8Array)) throw new TypeError("chunk.audio must be a Uint8Array of PCM16 bytes.");
  const frame = bytesPerFrame(format);
  if (chunk.audio.byteLength % frame !== 0) {
    throw new RangeError(
      `chunk.audio holds ${chunk.audio.byteLength} bytes, not a whole number of ${frame}-byte PCM16 frames (${format.channels} channel(s)).`,
    );
  }
  return durationMs(chunk.audio.byteLength, format);
}
