/**
 * An `AudioSink` that records assistant audio to a WAV file, optionally on a real-time
 * clock so barge-in can cut it like a speaker.
 */
import { open, type FileHandle } from "node:fs/promises";
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "../audio/contracts.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { writeWav } from "../audio/pcm/wav-write.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { booleanOption, checkOptionsObject, formatOption, sinkChunkDurationMs } from "./adapter-options.js";
import { PlayedAudioBuffer } from "./played-audio-buffer.js";

/** Options for `WavFileSink`. */
export interface WavFileSinkOptions {
  /** The format `write()` takes and the file is written in. */
  readonly format: PcmFormat;
  /**
   * Play on a real-time clock: `playedMs()` advances with time, `clear()` cuts what is
   * playing, and the file holds only what the play head passed. False counts every write
   * as played at once, so `clear()` has nothing to cut.
   * @default false
   */
  readonly realtime?: boolean;
}

// The canonical PCM header writeWav builds: RIFF size at 4, data size at 40.
const HEADER_BYTES = 44;

/**
 * Writes PCM16 audio to a WAV file, creating or truncating it on `start()` (or the first
 * `write()`) and fixing the header sizes on `close()`; until then the header says 0 bytes.
 *
 * The file holds exactly the audio that was played: with `realtime`, audio reaches the file
 * only once the play head has passed it, and what `clear()` or `close({ drain: false })`
 * cuts never does. I/O failures reject the pending or next `write()` and `close()` with
 * `VoiceLiveAudioError` (`file_error`); writes after `close()` reject with code `closed`.
 */
export class WavFileSink implements AudioSink {
  readonly format: PcmFormat;
  readonly #path: string | URL;
  readonly #realtime: boolean;
  readonly #buffer: PlayedAudioBuffer | undefined;
  readonly #playedMs = new Map<string, number>();
  #handle: FileHandle | undefined;
  #opening: Promise<void> | undefined;
  #io: Promise<void> = Promise.resolve();
  #failure: VoiceLiveAudioError | undefined;
  #dataBytes = 0;
  #closing: Promise<void> | undefined;

  /**
   * Prepares a sink for `path`; the file is not touched until `start()`. Throws `TypeError`
   * for a bad path or options and `RangeError` for an invalid `format`.
   */
  constructor(path: string | URL, options: WavFileSinkOptions) {
    if ((typeof path !== "string" && !(path instanceof URL)) || path === "") {
      throw new TypeError("path must be a non-empty file path string or a file: URL.");
    }
    checkOptionsObject(options);
    if (options === undefined) throw new TypeError("options.format is required: { sampleRate, channels } of the audio.");
    this.format = formatOption(options.format);
    this.#realtime = booleanOption(options.realtime, false, "options.realtime");
    this.#buffer = this.#realtime ? new PlayedAudioBuffer(this.format) : undefined;
    this.#path = path;
  }

  /** True while queued audio is still playing (never, unless `realtime`). */
  get playing(): boolean {
    return this.#buffer?.timeline.playing ?? false;
  }

  /**
   * Creates or truncates the file and writes a placeholder header; idempotent. Rejects with
   * `VoiceLiveAudioError` (`file_error`) when the file cannot be opened, `closed` after `close()`.
   */
  start(): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(this.#closedError("start"));
    this.#opening ??= this.#open();
    return this.#opening;
  }

  /** Queues a chunk; rejects with `TypeError` / `RangeError` for a malformed chunk. */
  async write(chunk: AudioSinkChunk): Promise<void> {
    const ms = sinkChunkDurationMs(chunk, this.format);
    if (this.#closing !== undefined) throw this.#closedError("write");
    await this.start();
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#closing !== undefined) throw this.#closedError("write");
    if (this.#buffer === undefined) {
      this.#playedMs.set(chunk.itemId, (this.#playedMs.get(chunk.itemId) ?? 0) + ms);
      this.#append([chunk.audio]);
      await this.#io;
    } else {
      this.#buffer.append(chunk.itemId, chunk.contentIndex, chunk.audio, ms);
      this.#append(this.#buffer.takePlayed());
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Milliseconds of an item played so far (written so far, unless `realtime`). */
  playedMs(itemId: string): number {
    return this.#buffer?.timeline.playedMs(itemId) ?? this.#playedMs.get(itemId) ?? 0;
  }

  /**
   * Stops playback at the head and drops the queued rest, which never reaches the file.
   * Returns what was cut, or `undefined` when nothing was playing (always, unless `realtime`).
   */
  clear(): ClearedPlayback | undefined {
    if (this.#buffer === undefined) return undefined;
    const { cleared, played } = this.#buffer.clear();
    this.#append(played);
    return cleared;
  }

  /**
   * Plays out the queued audio (`drain`, the default) or cuts it at the head, then fixes the
   * header and closes the file; idempotent. Rejects with `VoiceLiveAudioError` (`file_error`)
   * when any write or the header update failed; the file is closed either way.
   */
  close(options: { readonly drain?: boolean } = {}): Promise<void> {
    checkOptionsObject(options);
    const drain = booleanOption(options.drain, true, "options.drain");
    this.#closing ??= this.#close(drain);
    return this.#closing;
  }

  async #close(drain: boolean): Promise<void> {
    if (this.#opening === undefined) this.#opening = this.#open();
    await this.#opening.catch(() => {});
    const buffer = this.#buffer;
    if (buffer !== undefined) {
      if (drain) {
        while (buffer.timeline.playing) await new Promise((resolve) => setTimeout(resolve, Math.max(1, buffer.timeline.bufferedMs)));
        this.#append(buffer.takeAll());
      } else {
        this.clear();
      }
    }
    this.#enqueue(async (handle) => {
      const header = writeWav({ ...this.format, sampleType: "pcm16" }, new Uint8Array(0));
      const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
      view.setUint32(4, HEADER_BYTES - 8 + this.#dataBytes, true);
      view.setUint32(40, this.#dataBytes, true);
      await handle.write(header, 0, HEADER_BYTES, 0);
    });
    await this.#io;
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle !== undefined) {
      await handle.close().catch((error: unknown) => this.#fail("close", error));
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  async #open(): Promise<void> {
    try {
      const handle = await open(this.#path, "w");
      this.#handle = handle;
      await handle.write(writeWav({ ...this.format, sampleType: "pcm16" }, new Uint8Array(0)), 0, HEADER_BYTES, 0);
    } catch (error) {
      this.#fail("open", error);
      throw this.#failure;
    }
  }

  #append(chunks: readonly Uint8Array[]): void {
    for (const chunk of chunks) {
      this.#enqueue(async (handle) => {
        await handle.write(chunk, 0, chunk.byteLength, HEADER_BYTES + this.#dataBytes);
        this.#dataBytes += chunk.byteLength;
      });
    }
  }

  /** Runs file operations one after another; after a failure the rest are skipped. */
  #enqueue(operation: (handle: FileHandle) => Promise<void>): void {
    this.#io = this.#io.then(async () => {
      if (this.#failure !== undefined || this.#handle === undefined) return;
      try {
        await operation(this.#handle);
      } catch (error) {
        this.#fail("write", error);
      }
    });
  }

  #fail(action: string, error: unknown): void {
    const reason = (error as { code?: unknown }).code ?? (error as Error).message;
    this.#failure ??= new VoiceLiveAudioError("file_error", `Could not ${action} WAV file ${String(this.#path)}: ${String(reason)}.`, {
      cause: error,
    });
  }

  #closedError(method: string): VoiceLiveAudioError {
    return new VoiceLiveAudioError("closed", `WavFileSink.${method}() was called after close().`);
  }
}
