/**
 * Re-cuts a PCM16 byte stream arriving in arbitrary pieces into frames of a fixed duration.
 */
import { bytesPerFrame, validatePcmFormat, type PcmFormat } from "./pcm-format.js";

/** Options for `PcmChunker`: the stream's format plus the frame duration. */
export interface PcmChunkerOptions extends PcmFormat {
  /** Frame duration in milliseconds; it must come to a whole number of samples at `sampleRate`. */
  readonly frameMs: number;
}

/**
 * Collects PCM16 bytes and hands them back as frames of exactly `frameMs` milliseconds,
 * keeping any remainder for the next `push`. Every frame is a fresh `Uint8Array` that the
 * chunker never touches again, so callers may keep or transfer it.
 */
export class PcmChunker {
  /** The format the chunker was built for. */
  readonly format: PcmFormat;
  /** The frame duration in milliseconds. */
  readonly frameMs: number;
  /** Bytes in every full frame. */
  readonly frameBytes: number;
  readonly #sampleFrameBytes: number;
  #pending: Uint8Array;
  #pendingLength = 0;

  /**
   * Creates a chunker. Throws `RangeError` for an invalid format, or a `frameMs` that is not
   * positive or does not come to a whole number of samples (20 ms at 11025 Hz does not).
   */
  constructor(options: PcmChunkerOptions) {
    const format = validatePcmFormat(options, "options");
    const { frameMs } = options;
    if (typeof frameMs !== "number" || !Number.isFinite(frameMs) || frameMs <= 0) {
      throw new RangeError(`options.frameMs must be a positive number of milliseconds, got ${String(frameMs)}.`);
    }
    const samples = (frameMs * format.sampleRate) / 1000;
    // Round away float noise (e.g. 0.1 ms × 44100) before insisting on a whole sample count.
    const wholeSamples = Math.round(samples);
    if (Math.abs(samples - wholeSamples) > 1e-9 || wholeSamples < 1) {
      throw new RangeError(
        `options.frameMs ${frameMs} ms at ${format.sampleRate} Hz is ${samples} samples: it must be a whole number of samples.`,
      );
    }
    this.format = { sampleRate: format.sampleRate, channels: format.channels };
    this.frameMs = frameMs;
    this.#sampleFrameBytes = bytesPerFrame(format);
    this.frameBytes = wholeSamples * this.#sampleFrameBytes;
    this.#pending = new Uint8Array(this.frameBytes);
  }

  /** Bytes held back, waiting for enough to fill a frame. */
  get bufferedBytes(): number {
    return this.#pendingLength;
  }

  /**
   * Adds bytes and returns every frame they complete (possibly none).
   * Throws `TypeError` when `chunk` is not a `Uint8Array`.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (!(chunk instanceof Uint8Array)) throw new TypeError("chunk must be a Uint8Array of PCM16 bytes.");
    const frames: Uint8Array[] = [];
    const size = this.frameBytes;
    let offset = 0;
    if (this.#pendingLength > 0) {
      const take = Math.min(size - this.#pendingLength, chunk.length);
      this.#pending.set(chunk.subarray(0, take), this.#pendingLength);
      this.#pendingLength += take;
      offset = take;
      if (this.#pendingLength < size) return frames;
      frames.push(this.#pending);
      this.#pending = new Uint8Array(size);
      this.#pendingLength = 0;
    }
    while (chunk.length - offset >= size) {
      frames.push(chunk.slice(offset, offset + size));
      offset += size;
    }
    if (offset < chunk.length) {
      this.#pending.set(chunk.subarray(offset), 0);
      this.#pendingLength = chunk.length - offset;
    }
    return frames;
  }

  /**
   * Returns the held-back tail as a final, shorter frame (or a full one, zero-filled, when
   * `padWithSilence` is true), or `undefined` when nothing is held; the chunker is then empty.
   * A trailing partial sample frame, which only a malformed stream can leave, is dropped.
   */
  flush(padWithSilence = false): Uint8Array | undefined {
    const whole = this.#pendingLength - (this.#pendingLength % this.#sampleFrameBytes);
    this.#pendingLength = 0;
    if (whole === 0) return undefined;
    const tail = padWithSilence ? new Uint8Array(this.frameBytes) : new Uint8Array(whole);
    tail.set(this.#pending.subarray(0, whole));
    return tail;
  }

  /** Drops any held-back bytes. */
  reset(): void {
    this.#pendingLength = 0;
  }
}
