/**
 * A wrapper that makes any `AudioSink` report what it played and when, read from the
 * sink's own playback clock (`playedMs`), for an echo reference.
 */
import { concatBytes } from "../encoding/bytes.js";
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "./contracts.js";
import { bytesPerFrame, type PcmFormat } from "./pcm/pcm-format.js";

/**
 * Receives audio a sink played: `audio` is PCM16 in the sink's format and its first frame
 * started playing at `atMs` on the tap's clock. Consecutive reports with
 * `atMs === previous atMs + previous duration` are one continuous stretch of playback.
 */
export type PlayedAudioListener = (audio: Uint8Array, atMs: number) => void;

/**
 * The optional extension of the `AudioSink` contract an echo reference needs: what the
 * sink played, stamped with when it played. `TappedSink` adds it to any sink.
 */
export interface PlaybackTap {
  /** The format of the reported audio (the sink's format). */
  readonly format: PcmFormat;
  /** The millisecond clock `atMs` is read on. */
  readonly now: () => number;
  /** Reads the sink's playback clock now and reports what played since the last read. */
  pollPlayed(): void;
  /** Adds a listener for played audio; returns a function that removes it. */
  onPlayed(listener: PlayedAudioListener): () => void;
}

/** Options for `TappedSink`. */
export interface TappedSinkOptions {
  /** The clock played audio is stamped on; must be the clock the sink plays by. @default performance.now */
  readonly now?: () => number;
}

interface TapEntry {
  readonly itemId: string;
  /** Frames written to the sink, and frames reported as played. */
  queuedFrames: number;
  releasedFrames: number;
  /** Written bytes not reported yet, oldest first. */
  readonly pending: Uint8Array[];
}

// Reports within this much of the poll time count as "still flowing" at that poll.
const FLOW_SLACK_MS = 2;
// How the last poll left playback: the next report continues the last one (flowing), may
// continue it or start later (stalled: the sink's clock paused with audio queued), or is
// new audio that began after that poll (idle).
const IDLE = 0;
const FLOWING = 1;
const STALLED = 2;
// After a stall, a gap shorter than this is the clock's granularity, not a pause: a browser's
// playback clock advances once per render callback (up to 11.6 ms at 44.1 kHz, two callbacks,
// 23.2 ms, on a loaded machine), so a reading can lag the moment it is taken by that much.
// A real pause this short looks the same and is absorbed (see the class comment).
const STALL_JITTER_MS = 25;
// Fully reported items kept so a late write to one continues at the right offset.
const KEPT_ITEMS = 32;

/**
 * Wraps an `AudioSink` (every method delegates to it) and keeps a copy of the written audio
 * until the sink's clock says it played; `pollPlayed()` hands played audio to `onPlayed`
 * listeners with the time it started playing. The wrapped sink is untouched: no contract
 * change, any sink works, and the timing is exactly as good as its `playedMs()`.
 *
 * The clock is read (polled) before every `write()` and around `clear()`, and whenever a
 * consumer calls `pollPlayed()`. Between two polls, audio that was already flowing is
 * placed right after the previous report (then silence if it ran out); audio that started
 * since is placed to end at the poll (silence first), which is exact for a sink that starts
 * at a write or after a jitter buffer. A sink that plays faster than real time (a file
 * without `realtime`) has its audio placed from the write on, at real-time pace. When the
 * clock stops while written audio is still unplayed (a late report from a browser's audio
 * thread, or a jitter buffer filling again), what it reports next is placed right after the
 * previous report, or to end at the poll if that leaves a gap of 25 ms or more: a clock
 * that paused and caught up leaves no gap, nor does one that reads a render callback behind
 * (a browser's), and one that waited 25 ms or more for audio leaves the gap it waited. A
 * real wait under 25 ms cannot be told from a lagging reading: it is absorbed, and what
 * plays after it is placed that much early (never late, which an echo canceller tolerates
 * better) until the sink goes idle, is cleared, or the gap reaches 25 ms.
 *
 * Give the pipeline the `TappedSink`, not the wrapped sink: writes that bypass the wrapper
 * are not seen.
 */
export class TappedSink implements AudioSink, PlaybackTap {
  /** The wrapped sink. */
  readonly inner: AudioSink;
  readonly format: PcmFormat;
  readonly now: () => number;
  readonly #frameBytes: number;
  readonly #entries = new Map<string, TapEntry>();
  readonly #listeners = new Set<PlayedAudioListener>();
  #endMs = Number.NEGATIVE_INFINITY;
  #lastPollMs = Number.NEGATIVE_INFINITY;
  #flow: typeof IDLE | typeof FLOWING | typeof STALLED = IDLE;

  /** Wraps `sink`; throws `TypeError` when it is not an `AudioSink` or `now` is not a function. */
  constructor(sink: AudioSink, options: TappedSinkOptions = {}) {
    if (typeof sink !== "object" || sink === null || typeof sink.write !== "function" || typeof sink.playedMs !== "function") {
      throw new TypeError("sink must be an AudioSink.");
    }
    if (options.now !== undefined && typeof options.now !== "function") throw new TypeError("options.now must be a function returning milliseconds.");
    this.inner = sink;
    this.format = sink.format;
    this.#frameBytes = bytesPerFrame(sink.format);
    this.now = options.now ?? (() => performance.now());
  }

  /** True while the wrapped sink plays. */
  get playing(): boolean {
    return this.inner.playing;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  /** Records a copy of the chunk, then writes it to the wrapped sink (whose errors it passes on). */
  async write(chunk: AudioSinkChunk): Promise<void> {
    this.pollPlayed();
    const audio: unknown = chunk?.audio;
    const whole = audio instanceof Uint8Array && audio.byteLength > 0 && audio.byteLength % this.#frameBytes === 0;
    let entry: TapEntry | undefined;
    let copy: Uint8Array | undefined;
    if (whole && typeof chunk.itemId === "string") {
      copy = (audio as Uint8Array).slice();
      entry = this.#entries.get(chunk.itemId);
      if (entry === undefined) {
        entry = { itemId: chunk.itemId, queuedFrames: 0, releasedFrames: 0, pending: [] };
        this.#entries.set(chunk.itemId, entry);
      }
      entry.pending.push(copy);
      entry.queuedFrames += copy.byteLength / this.#frameBytes;
    }
    try {
      await this.inner.write(chunk);
    } catch (error) {
      // Audio the sink refused never plays: forget it if it was not reported yet.
      if (entry !== undefined && entry.pending[entry.pending.length - 1] === copy) {
        entry.pending.pop();
        entry.queuedFrames -= copy!.byteLength / this.#frameBytes;
      }
      throw error;
    }
  }

  playedMs(itemId: string): number {
    return this.inner.playedMs(itemId);
  }

  /** Reports what played up to the cut, clears the wrapped sink, and forgets the unplayed rest. */
  clear(): ClearedPlayback | undefined {
    this.pollPlayed();
    const cleared = this.inner.clear();
    this.pollPlayed();
    for (const entry of this.#entries.values()) {
      entry.pending.length = 0;
      entry.queuedFrames = entry.releasedFrames;
    }
    this.#flow = IDLE;
    return cleared;
  }

  /** Closes the wrapped sink, then reports what its drain played. */
  async close(options?: { readonly drain?: boolean }): Promise<void> {
    try {
      await this.inner.close(options);
    } finally {
      this.pollPlayed();
    }
  }

  onPlayed(listener: PlayedAudioListener): () => void {
    if (typeof listener !== "function") throw new TypeError("listener must be a function.");
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  pollPlayed(): void {
    const now = this.now();
    const played: Uint8Array[] = [];
    let frames = 0;
    for (const entry of this.#entries.values()) {
      const target = Math.min(entry.queuedFrames, Math.floor((this.inner.playedMs(entry.itemId) * this.format.sampleRate) / 1000 + 1e-6));
      if (target > entry.releasedFrames) {
        frames += target - entry.releasedFrames;
        this.#release(entry, target, played);
      }
    }
    if (frames > 0) {
      const ms = (frames * 1000) / this.format.sampleRate;
      // Flowing audio continues where the last report ended. New audio began `ms` ago, and
      // not before the last poll. After a stall it began `ms` ago (the last poll says
      // nothing, audio was already queued), or where the last report ended when that is
      // later or leaves a gap the clock's granularity explains.
      const fresh = this.#flow === STALLED ? now - ms : Math.max(this.#lastPollMs, now - ms);
      const continues = this.#flow === FLOWING || (this.#flow === STALLED && fresh - this.#endMs < STALL_JITTER_MS);
      const startMs = continues ? this.#endMs : Math.max(this.#endMs, fresh);
      this.#endMs = startMs + ms;
      const audio = played.length === 1 ? played[0]! : concatBytes(played, frames * this.#frameBytes);
      for (const listener of this.#listeners) listener(audio, startMs);
    }
    const playing = this.inner.playing;
    this.#flow = playing && this.#endMs >= now - FLOW_SLACK_MS ? FLOWING : playing && this.#flow !== IDLE && this.#hasUnplayed() ? STALLED : IDLE;
    this.#lastPollMs = now;
    this.#forgetReported();
  }

  /** True while written audio waits to play; one frame short is rounding, not waiting audio. */
  #hasUnplayed(): boolean {
    for (const entry of this.#entries.values()) if (entry.queuedFrames - entry.releasedFrames > 1) return true;
    return false;
  }

  #release(entry: TapEntry, target: number, out: Uint8Array[]): void {
    let bytes = (target - entry.releasedFrames) * this.#frameBytes;
    while (bytes > 0) {
      const first = entry.pending[0];
      if (first === undefined) break;
      if (first.byteLength <= bytes) {
        out.push(first);
        entry.pending.shift();
        bytes -= first.byteLength;
      } else {
        out.push(first.subarray(0, bytes));
        entry.pending[0] = first.subarray(bytes);
        bytes = 0;
      }
    }
    entry.releasedFrames = target;
  }

  #forgetReported(): void {
    if (this.#entries.size <= KEPT_ITEMS) return;
    for (const [id, entry] of this.#entries) {
      if (this.#entries.size <= KEPT_ITEMS) break;
      if (entry.releasedFrames >= entry.queuedFrames) this.#entries.delete(id);
    }
  }
}

/** True when `value` implements `PlaybackTap` (e.g. a `TappedSink`). */
export function isPlaybackTap(value: unknown): value is PlaybackTap {
  const tap = value as Partial<PlaybackTap> | null;
  return typeof tap === "object" && tap !== null && typeof tap.pollPlayed === "function" && typeof tap.onPlayed === "function" && typeof tap.now === "function";
}
