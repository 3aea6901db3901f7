/**
 * A short history of what a sink played, as mono samples stamped with wall-clock time,
 * read back by time range for an echo reference.
 */
import { downmixToMono } from "./pcm/channel-mixing.js";
import type { PcmFormat } from "./pcm/pcm-format.js";
import { pcm16BytesToInt16 } from "./pcm/sample-conversion.js";

interface PlayedRun {
  /** Clock time of the run's first sample, ms. */
  readonly startMs: number;
  readonly chunks: Int16Array[];
  frames: number;
}

/**
 * Played audio at the sink's rate, mixed to mono, kept as runs of back-to-back samples.
 * Reports that continue a run (within half a sample) join it, so sample positions inside
 * a run are exact integers; `read()` returns silence wherever nothing played.
 */
export class PlayedHistory {
  /** The sample rate of the kept audio (the sink's). */
  readonly sampleRate: number;
  readonly #channels: number;
  readonly #keepMs: number;
  readonly #runs: PlayedRun[] = [];

  /** @param keepMs How far behind the latest read audio is kept, ms. */
  constructor(format: PcmFormat, keepMs: number) {
    this.sampleRate = format.sampleRate;
    this.#channels = format.channels;
    this.#keepMs = keepMs;
  }

  /** Adds PCM16 audio in the sink's format whose first frame played at `atMs`. */
  add(audio: Uint8Array, atMs: number): void {
    const interleaved = pcm16BytesToInt16(audio);
    const mono = this.#channels === 1 ? interleaved : downmixToMono(interleaved, this.#channels);
    if (mono.length === 0) return;
    const last = this.#runs[this.#runs.length - 1];
    const halfSampleMs = 500 / this.sampleRate;
    if (last !== undefined && Math.abs(this.#endOf(last) - atMs) <= halfSampleMs) {
      last.chunks.push(mono);
      last.frames += mono.length;
      return;
    }
    this.#runs.push({ startMs: atMs, chunks: [mono], frames: mono.length });
  }

  /**
   * Returns `frames` samples, sample i being what played at `startMs + i / sampleRate`
   * (to the nearest sample), zero where nothing did; forgets audio older than `keepMs`
   * before `startMs`.
   */
  read(startMs: number, frames: number): Int16Array {
    const out = new Int16Array(Math.max(0, frames));
    const perMs = this.sampleRate / 1000;
    for (const run of this.#runs) {
      const offset = Math.round((run.startMs - startMs) * perMs);
      if (offset >= out.length) break;
      if (offset + run.frames <= 0) continue;
      let position = offset;
      for (const chunk of run.chunks) {
        const from = Math.max(0, -position);
        const to = Math.min(chunk.length, out.length - position);
        if (to > from) out.set(chunk.subarray(from, to), position + from);
        position += chunk.length;
        if (position >= out.length) break;
      }
    }
    this.#forget(startMs - this.#keepMs);
    return out;
  }

  #endOf(run: PlayedRun): number {
    return run.startMs + (run.frames * 1000) / this.sampleRate;
  }

  #forget(beforeMs: number): void {
    while (this.#runs.length > 0) {
      const first = this.#runs[0]!;
      if (this.#endOf(first) > beforeMs) break;
      this.#runs.shift();
    }
    const first = this.#runs[0];
    if (first === undefined) return;
    // A long run: drop its oldest whole chunks, keeping the start time exact.
    let drop = 0;
    let droppedFrames = 0;
    while (drop < first.chunks.length - 1 && first.startMs + ((droppedFrames + first.chunks[drop]!.length) * 1000) / this.sampleRate <= beforeMs) {
      droppedFrames += first.chunks[drop]!.length;
      drop++;
    }
    if (drop === 0) return;
    first.chunks.splice(0, drop);
    this.#runs[0] = { startMs: first.startMs + (droppedFrames * 1000) / this.sampleRate, chunks: first.chunks, frames: first.frames - droppedFrames };
  }
}
