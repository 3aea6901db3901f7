/**
 * An `AudioSource` over a Node byte stream carrying raw PCM16.
 */
import type { Readable } from "node:stream";
import type { AudioSource } from "../audio/contracts.js";
import type { PcmChunker } from "../audio/pcm/pcm-chunker.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { checkOptionsObject, chunkMsOption, createChunker, formatOption, plainBytes } from "./adapter-options.js";
import { ChunkQueue, queueIterator } from "../audio/chunk-queue.js";

/** Options for `ReadableSource`. */
export interface ReadableSourceOptions {
  /** The format of the bytes the stream carries (PCM16 little-endian, interleaved). */
  readonly format: PcmFormat;
  /** Length of each chunk handed out, ms, rounded to whole samples; the last one may be shorter. @default 20 */
  readonly chunkMs?: number;
}

/**
 * Reads raw PCM16 from a Node `Readable` (a file stream, a socket, a child's stdout) and
 * hands it out in `chunkMs` chunks of whole frames.
 *
 * Nothing is read before `start()`; `stop()` pauses the stream, so no audio is lost. The
 * stream's end finishes iteration; a stream error, a string chunk or a stream destroyed
 * before its end makes iteration throw `VoiceLiveAudioError` with code `stream_error`.
 * `close()` (or leaving a `for await` loop early) destroys the stream. Iteration pauses the
 * stream while about 50 chunks wait unread, so a fast stream does not fill memory.
 */
export class ReadableSource implements AudioSource {
  readonly format: PcmFormat;
  readonly #stream: Readable;
  readonly #chunker: PcmChunker;
  readonly #queue: ChunkQueue;
  #attached = false;
  #running = false;
  #closed = false;

  /**
   * Wraps `stream`. Throws `TypeError` when it is not a readable stream, and `RangeError` for
   * an invalid `format` or `chunkMs`; nothing is read yet.
   */
  constructor(stream: Readable, options: ReadableSourceOptions) {
    if (typeof stream !== "object" || stream === null || typeof (stream as Readable).on !== "function" || typeof (stream as Readable).pause !== "function") {
      throw new TypeError("stream must be a Node Readable stream of PCM16 bytes.");
    }
    checkOptionsObject(options);
    if (options === undefined) throw new TypeError("options.format is required: { sampleRate, channels } of the stream.");
    this.format = formatOption(options.format);
    this.#chunker = createChunker(chunkMsOption(options.chunkMs), this.format);
    this.#stream = stream;
    this.#queue = new ChunkQueue(() => {
      if (this.#running) stream.resume();
    });
    // Listening now means an early stream error is kept for iteration instead of crashing the process.
    stream.on("error", this.#onError);
  }

  /** Starts or resumes reading; idempotent. Rejects with `VoiceLiveAudioError` (`closed`) after `close()`. */
  async start(): Promise<void> {
    if (this.#closed) throw new VoiceLiveAudioError("closed", "ReadableSource.start() was called after close().");
    this.#running = true;
    this.#queue.setRunning(true);
    if (!this.#attached) {
      this.#attached = true;
      this.#stream.on("data", this.#onData);
      this.#stream.once("end", this.#onEnd);
      this.#stream.once("close", this.#onClose);
    }
    this.#stream.resume();
  }

  /** Pauses reading; idempotent. Chunks already read wait for the next `start()`. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#queue.setRunning(false);
    if (!this.#closed) this.#stream.pause();
  }

  /** Destroys the stream and ends iteration; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#running = false;
    this.#queue.close();
    this.#stream.off("data", this.#onData);
    this.#stream.off("end", this.#onEnd);
    this.#stream.off("close", this.#onClose);
    this.#stream.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return queueIterator(this.#queue, () => this.close());
  }

  readonly #onData = (data: unknown): void => {
    if (!(data instanceof Uint8Array)) {
      this.#fail(new VoiceLiveAudioError("stream_error", `The stream yielded a ${typeof data}, not bytes: do not set an encoding or object mode on it.`));
      return;
    }
    let open = true;
    for (const chunk of this.#chunker.push(plainBytes(data))) open = this.#queue.push(chunk) && open;
    if (!open) this.#stream.pause();
  };

  readonly #onEnd = (): void => {
    const tail = this.#chunker.flush();
    if (tail !== undefined) this.#queue.push(tail);
    this.#queue.end();
  };

  readonly #onClose = (): void => {
    if (!this.#queue.finished) this.#fail(new VoiceLiveAudioError("stream_error", "The stream was destroyed before it ended."));
  };

  readonly #onError = (error: unknown): void => {
    const detail = error instanceof Error ? error.message : String(error);
    this.#fail(new VoiceLiveAudioError("stream_error", `The stream failed: ${detail}`, { cause: error }));
  };

  #fail(error: VoiceLiveAudioError): void {
    this.#queue.fail(error);
    this.#stream.off("data", this.#onData);
  }
}
