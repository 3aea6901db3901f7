import type { ClearedPlayback } from "./contracts.js";

interface Segment {
  readonly itemId: string;
  readonly contentIndex: number;
  /** Start on the timeline, ms. */
  readonly startMs: number;
  durationMs: number;
}

/**
 * The playback clock of a sink that plays in real time: audio queued back to back,
 * a play head that advances with the clock while there is audio ahead of it and stops
 * at the end (an underrun) until more arrives. Sinks whose device reports its own
 * position (a browser AudioWorklet) do not need it.
 */
export class PlaybackTimeline {
  readonly #now: () => number;
  #segments: Segment[] = [];
  #endMs = 0;
  /** Timeline position and wall time at the last (re)start of the head. */
  #anchorMs = 0;
  #anchorWall = 0;

  /** @param now A millisecond clock; `performance.now` by default. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** The head's position on the timeline, ms. */
  positionMs(): number {
    return Math.min(this.#endMs, this.#anchorMs + (this.#now() - this.#anchorWall));
  }

  /** True while the head has audio ahead of it. */
  get playing(): boolean {
    return this.positionMs() < this.#endMs;
  }

  /** Milliseconds queued ahead of the head. */
  get bufferedMs(): number {
    return this.#endMs - this.positionMs();
  }

  /** Appends audio; after an underrun the head restarts now, at the new audio. */
  append(itemId: string, contentIndex: number, durationMs: number): void {
    if (!(durationMs > 0)) return;
    const position = this.positionMs();
    if (position >= this.#endMs) {
      this.#anchorMs = this.#endMs;
      this.#anchorWall = this.#now();
    }
    const last = this.#segments[this.#segments.length - 1];
    if (last !== undefined && last.itemId === itemId && last.contentIndex === contentIndex && last.startMs + last.durationMs === this.#endMs) {
      last.durationMs += durationMs;
    } else {
      this.#segments.push({ itemId, contentIndex, startMs: this.#endMs, durationMs });
    }
    this.#endMs += durationMs;
    this.#forgetPlayed(position);
  }

  /** Milliseconds of an item the head has passed. */
  playedMs(itemId: string): number {
    return this.#playedAt(itemId, this.positionMs());
  }

  /** Played time at a given head position; one clock reading serves a whole `clear()`. */
  #playedAt(itemId: string, position: number): number {
    let played = this.#played.get(itemId) ?? 0;
    for (const segment of this.#segments) {
      if (segment.itemId !== itemId) continue;
      played += Math.max(0, Math.min(segment.durationMs, position - segment.startMs));
    }
    return played;
  }

  /** Stops the head where it is and drops everything after it. */
  clear(): ClearedPlayback | undefined {
    const position = this.positionMs();
    const current = this.#segments.find((s) => position >= s.startMs && position < s.startMs + s.durationMs);
    const result =
      current === undefined
        ? undefined
        : {
            itemId: current.itemId,
            contentIndex: current.contentIndex,
            playedMs: this.#playedAt(current.itemId, position),
            queuedMs: this.#queuedMs(current.itemId),
          };
    for (const segment of this.#segments) {
      const heard = Math.max(0, Math.min(segment.durationMs, position - segment.startMs));
      this.#played.set(segment.itemId, (this.#played.get(segment.itemId) ?? 0) + heard);
    }
    this.#segments = [];
    this.#endMs = position;
    this.#anchorMs = position;
    this.#anchorWall = this.#now();
    return result;
  }

  /** Played time of items whose segments were already dropped from the list. */
  readonly #played = new Map<string, number>();

  #queuedMs(itemId: string): number {
    let total = this.#played.get(itemId) ?? 0;
    for (const segment of this.#segments) if (segment.itemId === itemId) total += segment.durationMs;
    return total;
  }

  /** Folds fully played segments into per-item totals so the list stays short. */
  #forgetPlayed(position: number): void {
    while (this.#segments.length > 1) {
      const first = this.#segments[0]!;
      if (first.startMs + first.durationMs > position) break;
      this.#played.set(first.itemId, (this.#played.get(first.itemId) ?? 0) + first.durationMs);
      this.#segments.shift();
    }
  }
}
