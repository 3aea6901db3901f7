/**
 * An `AudioSource` that plays a WAV file as if it were a microphone, or as fast as it is read.
 */
import { readFile } from "node:fs/promises";
import type { AudioSource } from "../audio/contracts.js";
import { durationMs as pcmDurationMs, type PcmFormat } from "../audio/pcm/pcm-format.js";
import { float32ToPcm16Bytes } from "../audio/pcm/sample-conversion.js";
import { parseWav } from "../audio/pcm/wav-parse.js";
import { decodeWavSamples } from "../audio/pcm/wav-samples.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { booleanOption, checkOptionsObject, chunkBytesFor, chunkMsOption, plainBytes } from "./adapter-options.js";

/** Options for `WavFileSource.open()`. */
export interface WavFileSourceOptions {
  /** Length of each chunk, ms, rounded to whole samples; the last chunk of the file may be shorter. @default 20 */
  readonly chunkMs?: number;
  /**
   * Hand out each chunk only when it would have finished recording (chunk n at n × `chunkMs`
   * after `start()`), like a microphone; false hands chunks out as fast as they are pulled.
   * @default false
   */
  readonly realtime?: boolean;
  /** Start again from the beginning at the end of the file, forever, with no gap or short chunk. @default false */
  readonly loop?: boolean;
}

/**
 * Reads a WAV file (any encoding `parseWav` knows: PCM 8–32-bit, float, G.711, converted to
 * PCM16) and hands out its audio in `chunkMs` chunks, in the file's own rate and channels.
 * The whole file is read into memory by `open()`.
 *
 * Nothing is handed out before `start()`; `stop()` holds the position (and, when
 * `realtime`, the pacing clock) until the next `start()`. The end of the file finishes
 * iteration unless `loop`. `close()` (or leaving a `for await` loop early) frees the audio
 * and ends iteration.
 */
export class WavFileSource implements AudioSource {
  /** The file's sample rate and channel count. */
  readonly format: PcmFormat;
  /** How long the file plays once, ms. */
  readonly durationMs: number;
  #data: Uint8Array;
  readonly #chunkBytes: number;
  readonly #realtime: boolean;
  readonly #loop: boolean;
  #offset = 0;
  #running = false;
  #closed = false;
  /** Pacing: the emitted duration and wall time at the last `start()`. */
  #emittedMs = 0;
  #anchorEmittedMs = 0;
  #anchorWall = 0;
  #pulls: Promise<unknown> = Promise.resolve();
  #wakers: (() => void)[] = [];

  private constructor(data: Uint8Array, format: PcmFormat, chunkMs: number, realtime: boolean, loop: boolean) {
    this.#data = data;
    this.format = format;
    this.durationMs = pcmDurationMs(data.byteLength, format);
    this.#chunkBytes = chunkBytesFor(chunkMs, format);
    this.#realtime = realtime;
    this.#loop = loop;
  }

  /**
   * Reads and parses the WAV file at `path`. Throws `TypeError` / `RangeError` for bad
   * arguments before touching the file, and rejects with `VoiceLiveAudioError` (`file_error`)
   * when the file cannot be read or is not a WAV file this SDK can decode.
   */
  static async open(path: string | URL, options: WavFileSourceOptions = {}): Promise<WavFileSource> {
    if (typeof path !== "string" && !(path instanceof URL)) throw new TypeError("path must be a file path string or a file: URL.");
    if (path === "") throw new TypeError("path must not be empty.");
    checkOptionsObject(options);
    const chunkMs = chunkMsOption(options.chunkMs);
    const realtime = booleanOption(options.realtime, false, "options.realtime");
    const loop = booleanOption(options.loop, false, "options.loop");
    let bytes: Uint8Array;
    try {
      bytes = plainBytes(await readFile(path));
    } catch (error) {
      const reason = (error as { code?: unknown }).code ?? (error as Error).message;
      throw new VoiceLiveAudioError("file_error", `Could not read WAV file ${String(path)}: ${String(reason)}.`, { cause: error });
    }
    try {
      const wav = parseWav(bytes);
      const { sampleRate, channels, sampleType } = wav.format;
      const data = sampleType === "pcm16" ? wav.data : float32ToPcm16Bytes(decodeWavSamples(wav.data, sampleType));
      return new WavFileSource(data, { sampleRate, channels }, chunkMs, realtime, loop);
    } catch (error) {
      throw new VoiceLiveAudioError("file_error", `Could not decode WAV file ${String(path)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Starts or resumes handing out chunks; idempotent. Rejects with `VoiceLiveAudioError` (`closed`) after `close()`. */
  async start(): Promise<void> {
    if (this.#closed) throw new VoiceLiveAudioError("closed", "WavFileSource.start() was called after close().");
    if (this.#running) return;
    this.#running = true;
    this.#anchorWall = performance.now();
    this.#anchorEmittedMs = this.#emittedMs;
    this.#wake();
  }

  /** Holds the position until the next `start()`; idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake();
  }

  /** Frees the audio and ends iteration; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#running = false;
    this.#data = new Uint8Array(0);
    this.#wake();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return {
      next: () => {
        // One pull at a time, so concurrent next() calls get consecutive chunks.
        const pull = this.#pulls.then(() => this.#pull());
        this.#pulls = pull.catch(() => {});
        return pull;
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async #pull(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      if (!this.#running) {
        await this.#changed();
        continue;
      }
      const remaining = this.#data.byteLength - this.#offset;
      if (remaining <= 0 && (!this.#loop || this.#data.byteLength === 0)) return { done: true, value: undefined };
      const size = this.#loop ? this.#chunkBytes : Math.min(this.#chunkBytes, remaining);
      const chunkMs = pcmDurationMs(size, this.format);
      if (this.#realtime) {
        const due = this.#anchorWall + (this.#emittedMs - this.#anchorEmittedMs) + chunkMs;
        const wait = due - performance.now();
        if (wait > 0) {
          await this.#changed(wait);
          continue;
        }
      }
      this.#emittedMs += chunkMs;
      return { done: false, value: this.#take(size) };
    }
  }

  /** Copies `size` bytes from the position, wrapping to the start when looping. */
  #take(size: number): Uint8Array {
    const data = this.#data;
    if (this.#offset + size <= data.byteLength) {
      const chunk = data.slice(this.#offset, this.#offset + size);
      this.#offset += size;
      return chunk;
    }
    const chunk = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      if (this.#offset >= data.byteLength) this.#offset = 0;
      const take = Math.min(size - filled, data.byteLength - this.#offset);
      chunk.set(data.subarray(this.#offset, this.#offset + take), filled);
      filled += take;
      this.#offset += take;
    }
    return chunk;
  }

  /** Resolves on the next start/stop/close, or after `timeoutMs`. */
  #changed(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        // A timed-out waiter removes itself so a long paced run does not pile them up.
        this.#wakers = this.#wakers.filter((waker) => waker !== done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.#wakers.push(done);
    });
  }

  #wake(): void {
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const wake of wakers) wake();
  }
}
