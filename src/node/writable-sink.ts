/**
 * An `AudioSink` over a Node byte stream that takes raw PCM16.
 */
import type { Writable } from "node:stream";
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "../audio/contracts.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { PlaybackTimeline } from "../audio/playback-timeline.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { booleanOption, checkOptionsObject, formatOption, sinkChunkDurationMs } from "./adapter-options.js";
import { endStream, waitForDrain, writeFailure } from "./stream-events.js";

/** Options for `WritableSink`. */
export interface WritableSinkOptions {
  /** The format `write()` takes and the stream receives. */
  readonly format: PcmFormat;
  /**
   * The stream's reader plays in real time (a speaker, a player process): `playedMs()`
   * follows a real-time clock from the first write. False counts every byte handed to the
   * stream as played.
   * @default false
   */
  readonly realtime?: boolean;
}

/**
 * Writes raw PCM16 to a Node `Writable` (a socket, a player's stdin, a file stream),
 * honouring its backpressure: `write()` resolves once the stream can take more ('drain').
 *
 * Bytes handed to the stream cannot be recalled, so with `realtime` `clear()` stops the
 * clock and reports the cut, but a reader that buffers still plays what it holds; use
 * `CommandSink` to cut a player at once. A stream error, EPIPE or a stream destroyed under
 * the sink rejects the pending and later writes with `VoiceLiveAudioError` (`broken_pipe`
 * or `stream_error`); writes after `close()` reject with code `closed`.
 */
export class WritableSink implements AudioSink {
  readonly format: PcmFormat;
  readonly #stream: Writable;
  readonly #timeline: PlaybackTimeline | undefined;
  readonly #playedMs = new Map<string, number>();
  #failure: VoiceLiveAudioError | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Wraps `stream`. Throws `TypeError` when it is not a writable stream or an option has the
   * wrong type, and `RangeError` for an invalid `format`.
   */
  constructor(stream: Writable, options: WritableSinkOptions) {
    if (typeof stream !== "object" || stream === null || typeof (stream as Writable).write !== "function" || typeof (stream as Writable).end !== "function") {
      throw new TypeError("stream must be a Node Writable stream.");
    }
    checkOptionsObject(options);
    if (options === undefined) throw new TypeError("options.format is required: { sampleRate, channels } of the audio.");
    this.format = formatOption(options.format);
    this.#timeline = booleanOption(options.realtime, false, "options.realtime") ? new PlaybackTimeline() : undefined;
    this.#stream = stream;
    // Kept for the next write; without a listener an async EPIPE would crash the process.
    stream.on("error", (error: unknown) => {
      this.#failure ??= writeFailure(error, "The stream");
    });
  }

  /** True while the clock has queued audio ahead of it (never, unless `realtime`). */
  get playing(): boolean {
    return this.#timeline?.playing ?? false;
  }

  /** Does nothing: the stream is already open. Rejects with `VoiceLiveAudioError` (`closed`) after `close()`. */
  async start(): Promise<void> {
    if (this.#closing !== undefined) throw this.#closedError("start");
  }

  /** Hands a chunk to the stream and resolves once it can take more; rejects for a malformed chunk or a dead stream. */
  async write(chunk: AudioSinkChunk): Promise<void> {
    const ms = sinkChunkDurationMs(chunk, this.format);
    if (this.#closing !== undefined) throw this.#closedError("write");
    if (this.#failure !== undefined) throw this.#failure;
    const stream = this.#stream;
    if (stream.destroyed || stream.writableEnded) {
      throw new VoiceLiveAudioError("broken_pipe", "The stream was ended or destroyed under the sink.");
    }
    if (this.#timeline !== undefined) this.#timeline.append(chunk.itemId, chunk.contentIndex, ms);
    else this.#playedMs.set(chunk.itemId, (this.#playedMs.get(chunk.itemId) ?? 0) + ms);
    if (!stream.write(chunk.audio)) {
      await waitForDrain(stream, () => this.#failure ?? new VoiceLiveAudioError("broken_pipe", "The stream closed before it drained."));
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Milliseconds of an item played so far (handed to the stream so far, unless `realtime`). */
  playedMs(itemId: string): number {
    return this.#timeline?.playedMs(itemId) ?? this.#playedMs.get(itemId) ?? 0;
  }

  /** Stops the clock at the head and returns what was cut, or `undefined` when nothing was playing (always, unless `realtime`). */
  clear(): ClearedPlayback | undefined {
    return this.#timeline?.clear();
  }

  /**
   * Waits for the clock to play out (`drain`, the default) and ends the stream, or stops the
   * clock and destroys the stream so its buffered bytes are dropped; idempotent. Rejects with
   * the stream's failure, if it had one.
   */
  close(options: { readonly drain?: boolean } = {}): Promise<void> {
    checkOptionsObject(options);
    const drain = booleanOption(options.drain, true, "options.drain");
    this.#closing ??= this.#close(drain);
    return this.#closing;
  }

  async #close(drain: boolean): Promise<void> {
    const timeline = this.#timeline;
    if (drain) {
      while (timeline?.playing === true && this.#failure === undefined) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, timeline.bufferedMs)));
      }
      await endStream(this.#stream);
    } else {
      timeline?.clear();
      this.#stream.destroy();
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  #closedError(method: string): VoiceLiveAudioError {
    return new VoiceLiveAudioError("closed", `WritableSink.${method}() was called after close().`);
  }
}
