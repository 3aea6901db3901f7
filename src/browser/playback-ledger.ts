/**
 * The main thread's account of what the playback worklet was given and what it reports
 * having rendered, per segment and per item.
 */
import type { ClearedPlayback } from "../audio/contracts.js";

/** A run of one item's audio through one resampler stream. */
export interface PlaybackSegment {
  readonly id: number;
  readonly itemId: string;
  readonly contentIndex: number;
  /** Frames written, at the sink's format rate. */
  inputFrames: number;
  /** Frames handed to the worklet, at the context's rate. */
  outputFrames: number;
  /** Frames the worklet reports having rendered. */
  rendered: number;
  /** No more output will be added (the resampler's tail is in). */
  final: boolean;
}

/** A worklet report, as the playback processor posts it. */
export interface PlaybackReport {
  readonly frame: number;
  readonly state: "idle" | "priming" | "playing";
  readonly head: number;
  readonly played: readonly number[];
}

interface ItemTotals {
  playedMs: number;
  queuedMs: number;
}

/**
 * Tracks segments from write to render. A segment's played time is its rendered frames at
 * the context rate, capped at its written time, and exactly its written time once final
 * and fully rendered; a finished or cleared segment folds into its item's totals. Between
 * reports the head segment's time is extrapolated from the context clock, by at most
 * `maxExtrapolateFrames`.
 */
export class PlaybackLedger {
  readonly #inputRate: number;
  readonly #outputRate: number;
  readonly #maxExtrapolateFrames: number;
  readonly #segments: PlaybackSegment[] = [];
  readonly #totals = new Map<string, ItemTotals>();
  #report: PlaybackReport | undefined;
  #nextId = 1;

  constructor(inputRate: number, outputRate: number, maxExtrapolateFrames: number) {
    this.#inputRate = inputRate;
    this.#outputRate = outputRate;
    this.#maxExtrapolateFrames = maxExtrapolateFrames;
  }

  /** The segment still taking audio, if any. */
  get open(): PlaybackSegment | undefined {
    const last = this.#segments[this.#segments.length - 1];
    return last !== undefined && !last.final ? last : undefined;
  }

  /** True while a segment is unplayed or may still grow. */
  get playing(): boolean {
    return this.#segments.length > 0;
  }

  /** Frames handed to the worklet and not yet reported rendered. */
  get unplayedFrames(): number {
    let frames = 0;
    for (const segment of this.#segments) frames += segment.outputFrames - segment.rendered;
    return frames;
  }

  /** Starts a segment for an item; the caller finalizes the open one first. */
  begin(itemId: string, contentIndex: number): PlaybackSegment {
    const segment: PlaybackSegment = { id: this.#nextId++, itemId, contentIndex, inputFrames: 0, outputFrames: 0, rendered: 0, final: false };
    this.#segments.push(segment);
    return segment;
  }

  /** Marks a segment complete (no more output) and folds it if it has played out. */
  finalize(segment: PlaybackSegment): void {
    segment.final = true;
    this.#foldFinished();
  }

  /** Applies a worklet report: rendered counts per segment; unknown (cleared) segments are ignored. */
  apply(report: PlaybackReport): void {
    this.#report = report;
    const played = report.played;
    for (let i = 0; i + 1 < played.length; i += 2) {
      const segment = this.#segments.find((s) => s.id === played[i]);
      if (segment !== undefined) segment.rendered += played[i + 1]!;
    }
    this.#foldFinished();
  }

  /** Milliseconds of an item played, with the head extrapolated to context frame `nowFrame`. */
  playedMs(itemId: string, nowFrame: number): number {
    let played = this.#totals.get(itemId)?.playedMs ?? 0;
    for (const segment of this.#segments) {
      if (segment.itemId === itemId) played += this.#segmentPlayedMs(segment, nowFrame);
    }
    return played;
  }

  /**
   * Freezes every segment at its played time at `nowFrame` and drops them; returns what was
   * cut from the head segment's item, or `undefined` when nothing was queued.
   */
  clear(nowFrame: number): ClearedPlayback | undefined {
    const head = this.#segments[0];
    for (const segment of this.#segments) {
      this.#fold(segment, this.#segmentPlayedMs(segment, nowFrame));
    }
    this.#segments.length = 0;
    if (head === undefined) return undefined;
    const totals = this.#totals.get(head.itemId)!;
    return { itemId: head.itemId, contentIndex: head.contentIndex, playedMs: totals.playedMs, queuedMs: totals.queuedMs };
  }

  #segmentPlayedMs(segment: PlaybackSegment, nowFrame: number): number {
    const writtenMs = (segment.inputFrames * 1000) / this.#inputRate;
    if (segment.final && segment.rendered >= segment.outputFrames) return writtenMs;
    let frames = segment.rendered;
    const report = this.#report;
    if (report !== undefined && report.state === "playing" && report.head === segment.id) {
      const ahead = Math.min(nowFrame - report.frame, this.#maxExtrapolateFrames, segment.outputFrames - segment.rendered);
      if (ahead > 0) frames += ahead;
    }
    return Math.min(writtenMs, (frames * 1000) / this.#outputRate);
  }

  #foldFinished(): void {
    while (this.#segments.length > 0) {
      const first = this.#segments[0]!;
      if (!first.final || first.rendered < first.outputFrames) return;
      this.#fold(first, (first.inputFrames * 1000) / this.#inputRate);
      this.#segments.shift();
    }
  }

  #fold(segment: PlaybackSegment, playedMs: number): void {
    let totals = this.#totals.get(segment.itemId);
    if (totals === undefined) {
      totals = { playedMs: 0, queuedMs: 0 };
      this.#totals.set(segment.itemId, totals);
    }
    totals.playedMs += playedMs;
    totals.queuedMs += (segment.inputFrames * 1000) / this.#inputRate;
  }
}
