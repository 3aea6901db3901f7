/**
 * The echo reference channel: played audio read back by time and converted to the
 * microphone's rate as one continuous stream.
 */
import type { PlayedHistory } from "./echo-played-history.js";
import { Resampler } from "./pcm/resampler.js";
import { float32ToInt16 } from "./pcm/sample-conversion.js";

/**
 * Produces reference samples at `outputRate` for consecutive clock ranges. At equal rates
 * a range is read from the history as is. Otherwise one `Resampler` runs over the stream;
 * since its filter needs input past each output sample, the stream runs `lagMs` behind the
 * requested times (the filter's half length plus one output sample: 1.1 ms for 48 ⇄ 24 kHz,
 * 1.6 ms for 24 → 16 kHz, 3.3 ms for 24 → 8 kHz), so it never needs audio that has not played yet.
 */
export class ReferenceStream {
  readonly #history: PlayedHistory;
  readonly #outputRate: number;
  #resampler: Resampler | undefined;
  /** Clock time of the next input frame to feed the resampler. */
  #nextInputMs = 0;
  #queue = new Int16Array(0);
  #queued = 0;

  constructor(history: PlayedHistory, outputRate: number) {
    this.#history = history;
    this.#outputRate = outputRate;
  }

  /** How far the reference runs behind the requested times, ms (0 at equal rates). */
  get lagMs(): number {
    const inputRate = this.#history.sampleRate;
    if (inputRate === this.#outputRate) return 0;
    const latency = this.#resampler?.latencyFrames ?? new Resampler({ inputRate, outputRate: this.#outputRate }).latencyFrames;
    return (latency * 1000) / inputRate + 1000 / this.#outputRate;
  }

  /**
   * Returns `frames` reference samples for the range starting at `startMs`. Consecutive
   * calls must ask for back-to-back ranges unless `restart` (a new stream: after a pause or
   * a correction of the capture clock).
   */
  read(startMs: number, frames: number, restart: boolean): Int16Array {
    const inputRate = this.#history.sampleRate;
    if (inputRate === this.#outputRate) return this.#history.read(startMs, frames);
    if (restart || this.#resampler === undefined) {
      this.#resampler = new Resampler({ inputRate, outputRate: this.#outputRate });
      this.#queued = 0;
      this.#nextInputMs = startMs - this.lagMs;
    }
    const resampler = this.#resampler;
    // Feeding to the end of the range yields the range's samples (lagged) plus about one spare.
    const feedEndMs = startMs + (frames * 1000) / this.#outputRate;
    const inputFrames = Math.round(((feedEndMs - this.#nextInputMs) * inputRate) / 1000);
    if (inputFrames > 0) {
      const input = this.#history.read(this.#nextInputMs, inputFrames);
      this.#nextInputMs += (inputFrames * 1000) / inputRate;
      this.#push(float32ToInt16(resampler.process(input)));
    }
    return this.#take(frames);
  }

  #push(samples: Int16Array): void {
    if (this.#queued + samples.length > this.#queue.length) {
      const grown = new Int16Array(Math.max(2 * this.#queue.length, this.#queued + samples.length));
      grown.set(this.#queue.subarray(0, this.#queued));
      this.#queue = grown;
    }
    this.#queue.set(samples, this.#queued);
    this.#queued += samples.length;
  }

  /** Takes `frames` from the queue: short, it pads silence in front; a surplus beyond one sample is dropped from the front. */
  #take(frames: number): Int16Array {
    const out = new Int16Array(frames);
    const surplus = this.#queued - frames;
    const skip = surplus > 1 ? surplus - 1 : 0;
    const available = Math.min(frames, this.#queued - skip);
    out.set(this.#queue.subarray(skip, skip + available), frames - available);
    this.#queue.copyWithin(0, skip + available, this.#queued);
    this.#queued -= skip + available;
    return out;
  }
}
