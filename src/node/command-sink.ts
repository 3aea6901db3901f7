/**
 * An `AudioSink` that runs a player program and writes raw PCM16 to its stdin.
 */
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "../audio/contracts.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { PlaybackTimeline } from "../audio/playback-timeline.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { booleanOption, checkOptionsObject, formatOption, sinkChunkDurationMs } from "./adapter-options.js";
import { checkAudioCommand, type AudioCommand } from "./audio-command.js";
import { AudioProcess } from "./audio-process.js";
import { playerCommand, type PlayerPreset } from "./player-command.js";
import { waitForDrain, writeFailure } from "./stream-events.js";

/** Options for `CommandSink`. */
export interface CommandSinkOptions {
  /** The format `write()` takes; presets tell the player, a custom command must expect it. */
  readonly format: PcmFormat;
  /** A player preset, or any program reading raw PCM16 in `format` from stdin. @default "sox" */
  readonly command?: PlayerPreset | AudioCommand;
  /** The output device for a preset (see `playerCommand`). @default the system default */
  readonly device?: string;
}

// A drained player should exit right after its last sample; past this grace it is killed.
const DRAIN_EXIT_GRACE_MS = 5000;
// Cutting playback must be instant; a player asked politely may first play what it buffered.
const CUT_SIGNAL = "SIGKILL";
// A player that quits closes its stdin as it goes, so a write racing its exit meets EPIPE
// before the exit is seen; a broken pipe waits this long for an exit that explains it.
const EXIT_AFTER_BROKEN_PIPE_MS = 500;

/**
 * Plays through a child process (sox, ffplay, aplay or any command), with a real-time
 * `PlaybackTimeline` as its clock since the player plays as it reads.
 *
 * `write()` resolves once the player's stdin can take more. `clear()` kills the player, so
 * what it buffered is never heard, and starts a fresh one for the next write. The player
 * is spawned by `start()` or the first `write()`. Failures reject the pending or next
 * `write()` with `VoiceLiveAudioError`: `spawn_failed`, `process_exited` (the player quit
 * on its own; the clock stops; also when it quits within 500 ms of the broken pipe its
 * exit leaves on stdin, the EPIPE as `cause`), `broken_pipe` (EPIPE on stdin and no
 * exit of its own within 500 ms); writes after `close()` reject with `closed`. `close()`
 * waits until the player process is gone.
 */
export class CommandSink implements AudioSink {
  readonly format: PcmFormat;
  /** The command line run, as `{ command, args, env }`. */
  readonly command: AudioCommand;
  readonly #timeline = new PlaybackTimeline();
  #player: AudioProcess | undefined;
  #starting: Promise<AudioProcess> | undefined;
  readonly #stopping = new Set<Promise<void>>();
  #failure: VoiceLiveAudioError | undefined;
  #failureReported = false;
  /** The player whose exit is `#failure`, to describe it again once more of its stderr is read. */
  #exitedPlayer: AudioProcess | undefined;
  /** While a broken pipe waits for the exit that may explain it: which player, and until when. */
  #pipePlayer: AudioProcess | undefined;
  #pipeWindow: Promise<void> | undefined;
  #ending = false;
  #closing: Promise<void> | undefined;

  /**
   * Prepares the player without starting it. Throws `TypeError` for bad options and
   * `RangeError` for an invalid `format` or preset.
   */
  constructor(options: CommandSinkOptions) {
    checkOptionsObject(options);
    if (options === undefined) throw new TypeError("options.format is required: { sampleRate, channels } to play.");
    this.format = formatOption(options.format);
    const command = options.command ?? "sox";
    this.command =
      typeof command === "string"
        ? playerCommand(command, this.format, options.device === undefined ? {} : { device: options.device })
        : checkAudioCommand(command, "options.command");
  }

  /** The player's pid while it runs, else `undefined`. */
  get pid(): number | undefined {
    return this.#player?.pid;
  }

  /** True while queued audio is still playing. */
  get playing(): boolean {
    return this.#timeline.playing;
  }

  /**
   * Spawns the player if none runs; idempotent. Rejects with `VoiceLiveAudioError`:
   * `spawn_failed` when it cannot run, `closed` after `close()`.
   */
  async start(): Promise<void> {
    if (this.#closing !== undefined) throw new VoiceLiveAudioError("closed", "CommandSink.start() was called after close().");
    this.#starting ??= this.#spawn();
    await this.#starting;
  }

  /** Writes a chunk to the player and resolves once its stdin can take more. */
  async write(chunk: AudioSinkChunk): Promise<void> {
    const ms = sinkChunkDurationMs(chunk, this.format);
    if (this.#closing !== undefined) throw new VoiceLiveAudioError("closed", "CommandSink.write() was called after close().");
    if (this.#failure !== undefined) throw await this.#reportFor();
    await this.start();
    const player = this.#player;
    if (this.#failure !== undefined || player === undefined) throw await this.#reportFor();
    const stdin = player.child.stdin!;
    this.#timeline.append(chunk.itemId, chunk.contentIndex, ms);
    if (!stdin.write(chunk.audio)) {
      try {
        await waitForDrain(stdin, () => this.#failure ?? player.exitError("player"));
      } catch (error) {
        // A clear() that killed this player is no failure of the write.
        if (!player.stopped) throw await this.#reportFor(error);
      }
    }
    if (this.#failure !== undefined && !player.stopped) throw await this.#reportFor();
  }

  /** Milliseconds of an item played so far, by the real-time clock. */
  playedMs(itemId: string): number {
    return this.#timeline.playedMs(itemId);
  }

  /**
   * Stops the clock, kills the player so playback stops at once, and starts a fresh one for
   * the next write. Returns what was cut, or `undefined` (touching nothing) when nothing was playing.
   */
  clear(): ClearedPlayback | undefined {
    const cleared = this.#timeline.clear();
    if (cleared === undefined || this.#closing !== undefined) return cleared;
    const player = this.#player;
    if (player !== undefined) {
      this.#player = undefined;
      this.#track(player.stop(CUT_SIGNAL));
      this.#starting = this.#spawn();
      this.#starting.catch(() => {});
    }
    return cleared;
  }

  /**
   * Lets the player play out what it was given (`drain`, the default) or kills it at once,
   * then resolves when no player process is left; idempotent. Rejects with a failure no
   * `write()` reported yet (e.g. the player exiting with an error while draining).
   */
  close(options: { readonly drain?: boolean } = {}): Promise<void> {
    checkOptionsObject(options);
    const drain = booleanOption(options.drain, true, "options.drain");
    this.#closing ??= this.#close(drain);
    return this.#closing;
  }

  async #close(drain: boolean): Promise<void> {
    const player = await this.#starting?.catch(() => undefined);
    if (player !== undefined && !player.hasExited) {
      if (drain && this.#failure === undefined) {
        this.#ending = true;
        player.child.stdin?.end();
        const grace = setTimeout(() => void player.stop(), this.#timeline.bufferedMs + DRAIN_EXIT_GRACE_MS);
        await player.exited;
        clearTimeout(grace);
        // A player writing to a file finishes faster than real time; the clock still plays it out.
        while (this.#timeline.playing && this.#failure === undefined) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.#timeline.bufferedMs)));
        }
      } else {
        this.#timeline.clear();
        await player.stop(CUT_SIGNAL);
      }
    }
    await Promise.all(this.#stopping);
    if (this.#failure !== undefined && !this.#failureReported) throw this.#report();
  }

  async #spawn(): Promise<AudioProcess> {
    let player: AudioProcess;
    try {
      player = await AudioProcess.spawn(this.command, "play");
    } catch (error) {
      this.#failure ??= error as VoiceLiveAudioError;
      throw error;
    }
    this.#player = player;
    player.child.stdin!.on("error", (error: unknown) => {
      if (player.stopped || this.#failure !== undefined) return;
      const failure = writeFailure(error, "The player", player.commandLine);
      this.#failure = failure;
      if (failure.code !== "broken_pipe") return;
      const window = player.settled(EXIT_AFTER_BROKEN_PIPE_MS).then(() => {
        if (this.#pipeWindow === window) this.#pipeWindow = undefined;
      });
      this.#pipePlayer = player;
      this.#pipeWindow = window;
    });
    void player.exited.then((exit) => {
      if (player.stopped || (this.#ending && exit.code === 0)) return;
      // An exit within the broken pipe's window is what broke it: say so.
      if (this.#failure === undefined || (this.#pipeWindow !== undefined && this.#pipePlayer === player)) {
        this.#failure = player.exitError("player", this.#failure?.cause);
        this.#exitedPlayer = player;
      }
      // The listener hears nothing more once the player is gone.
      if (player === this.#player) this.#timeline.clear();
    });
    if (this.#closing !== undefined && !this.#ending) this.#track(player.stop(CUT_SIGNAL));
    return player;
  }

  #track(stopping: Promise<void>): void {
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  /** As `#report`, after the window in which a broken pipe waits for an exit that explains it. */
  async #reportFor(error?: unknown): Promise<unknown> {
    // This write reports the failure: close() must not report it again.
    this.#failureReported = true;
    if (this.#pipeWindow !== undefined) await this.#pipeWindow;
    return this.#report(error);
  }

  #report(error?: unknown): unknown {
    this.#failureReported = true;
    const failure = this.#failure;
    // Described again: the player's last words on stderr may have been read after its exit.
    if (failure?.code === "process_exited" && this.#exitedPlayer !== undefined) {
      this.#failure = this.#exitedPlayer.exitError("player", failure.cause);
      return this.#failure;
    }
    return failure ?? error ?? new VoiceLiveAudioError("process_exited", `The player is not running: ${this.command.command}.`);
  }
}
