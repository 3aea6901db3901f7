/**
 * An `AudioSource` that runs a recorder program and reads raw PCM16 from its stdout.
 */
import type { AudioSource } from "../audio/contracts.js";
import type { PcmChunker } from "../audio/pcm/pcm-chunker.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { checkOptionsObject, chunkMsOption, createChunker, formatOption, plainBytes } from "./adapter-options.js";
import { checkAudioCommand, type AudioCommand } from "./audio-command.js";
import { AudioProcess } from "./audio-process.js";
import { ChunkQueue, queueIterator } from "../audio/chunk-queue.js";
import { recorderCommand, type RecorderPreset } from "./recorder-command.js";

/** Options for `CommandSource`. */
export interface CommandSourceOptions {
  /** The format to record in; presets ask the recorder for it, a custom command must produce it. */
  readonly format: PcmFormat;
  /** A recorder preset, or any program writing raw PCM16 in `format` to stdout. @default "sox" */
  readonly command?: RecorderPreset | AudioCommand;
  /** The input device for a preset (see `recorderCommand`). @default the system default */
  readonly device?: string;
  /** Length of each chunk handed out, ms, rounded to whole samples; the last one may be shorter. @default 20 */
  readonly chunkMs?: number;
}

/**
 * Records through a child process (sox, ffmpeg, arecord or any command) and hands out its
 * stdout in `chunkMs` chunks of whole PCM16 frames.
 *
 * `start()` spawns the recorder (rejecting with `VoiceLiveAudioError` `spawn_failed` when it
 * cannot run). `stop()` keeps it running but discards what it records, so `start()` resumes
 * with live audio rather than a backlog. A recorder that exits with code 0 finishes
 * iteration; any other exit makes iteration throw `process_exited` with its code, signal
 * and stderr. `close()` (or leaving a `for await` loop early) kills the recorder and waits
 * until it is gone.
 */
export class CommandSource implements AudioSource {
  readonly format: PcmFormat;
  /** The command line run, as `{ command, args, env }`. */
  readonly command: AudioCommand;
  readonly #chunker: PcmChunker;
  readonly #queue: ChunkQueue;
  #process: AudioProcess | undefined;
  #starting: Promise<void> | undefined;
  #running = false;
  #closed = false;

  /**
   * Prepares the recorder without starting it. Throws `TypeError` for bad options and
   * `RangeError` for an invalid `format`, `chunkMs` or preset.
   */
  constructor(options: CommandSourceOptions) {
    checkOptionsObject(options);
    if (options === undefined) throw new TypeError("options.format is required: { sampleRate, channels } to record in.");
    this.format = formatOption(options.format);
    this.#chunker = createChunker(chunkMsOption(options.chunkMs), this.format);
    const command = options.command ?? "sox";
    this.command =
      typeof command === "string"
        ? recorderCommand(command, this.format, options.device === undefined ? {} : { device: options.device })
        : checkAudioCommand(command, "options.command");
    this.#queue = new ChunkQueue(() => this.#process?.child.stdout?.resume());
  }

  /** The recorder's pid while it runs, else `undefined`. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /**
   * Spawns the recorder if needed and lets chunks out; idempotent. Rejects with
   * `VoiceLiveAudioError`: `spawn_failed` when it cannot run, `closed` after `close()`.
   */
  async start(): Promise<void> {
    if (this.#closed) throw new VoiceLiveAudioError("closed", "CommandSource.start() was called after close().");
    this.#running = true;
    this.#queue.setRunning(true);
    this.#starting ??= this.#spawn();
    await this.#starting;
  }

  /** Discards recorded audio until the next `start()`; idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#queue.setRunning(false);
  }

  /** Kills the recorder, waits until it has exited, and ends iteration; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#running = false;
    this.#queue.close();
    await this.#starting?.catch(() => {});
    await this.#process?.stop();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return queueIterator(this.#queue, () => this.close());
  }

  async #spawn(): Promise<void> {
    let recorder: AudioProcess;
    try {
      recorder = await AudioProcess.spawn(this.command, "record");
    } catch (error) {
      this.#queue.fail(error);
      throw error;
    }
    this.#process = recorder;
    if (this.#closed) {
      await recorder.stop();
      return;
    }
    const stdout = recorder.child.stdout!;
    stdout.on("data", (data: Uint8Array) => {
      if (!this.#running) return;
      let open = true;
      for (const chunk of this.#chunker.push(plainBytes(data))) open = this.#queue.push(chunk) && open;
      if (!open) stdout.pause();
    });
    recorder.child.once("close", (code: number | null) => {
      const tail = this.#chunker.flush();
      if (tail !== undefined && this.#running) this.#queue.push(tail);
      if (recorder.stopped || code === 0) this.#queue.end();
      else this.#queue.fail(recorder.exitError("recorder"));
    });
  }
}
