/**
 * Maps a microphone's sample count to the clock the speaker is timed on.
 */

interface Observation {
  readonly atMs: number;
  readonly originMs: number;
}

/**
 * Estimates when a capture stream's frame 0 was recorded, on a wall clock, from when its
 * chunks arrive. A chunk cannot arrive before its last sample was recorded, so every
 * arrival bounds the origin from above (`arrival − frames so far / rate`); the smallest
 * bound seen within `windowMs` is the estimate. Late deliveries (a busy thread, a pipe
 * that batches) then do not move it, while drift between the device clock and the wall
 * clock is followed within one window.
 */
export class CaptureClock {
  readonly #rate: number;
  readonly #windowMs: number;
  readonly #observations: Observation[] = [];
  #frames = 0;

  constructor(sampleRate: number, windowMs: number) {
    this.#rate = sampleRate;
    this.#windowMs = windowMs;
  }

  /** Frames counted since the last `reset()`. */
  get frames(): number {
    return this.#frames;
  }

  /** Forgets everything: the next chunk starts a new stream (after a pause). */
  reset(): void {
    this.#observations.length = 0;
    this.#frames = 0;
  }

  /**
   * Counts a chunk of `frames` that arrived at `atMs`; returns the estimated clock time of
   * frame 0 of the stream.
   */
  observe(frames: number, atMs: number): number {
    this.#frames += frames;
    const originMs = atMs - (this.#frames * 1000) / this.#rate;
    const list = this.#observations;
    // A monotonic queue: each kept origin is smaller than every later one, so the front is the window's minimum.
    while (list.length > 0 && list[list.length - 1]!.originMs >= originMs) list.pop();
    list.push({ atMs, originMs });
    while (list.length > 1 && list[0]!.atMs < atMs - this.#windowMs) list.shift();
    return list[0]!.originMs;
  }
}
