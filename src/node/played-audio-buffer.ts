/**
 * Queued audio paired with a real-time playback clock, releasing bytes only as the play
 * head passes them, so a sink can keep exactly what a listener would have heard.
 */
import type { ClearedPlayback } from "../audio/contracts.js";
import { bytesPerFrame, type PcmFormat } from "../audio/pcm/pcm-format.js";
import { PlaybackTimeline } from "../audio/playback-timeline.js";

/**
 * A `PlaybackTimeline` plus the PCM16 bytes behind it. `takePlayed()` hands out the bytes
 * the head has passed since the last call; `clear()` stops the head and drops everything
 * after it, so audio cut by a barge-in is never released.
 */
export class PlayedAudioBuffer {
  readonly timeline: PlaybackTimeline;
  readonly #format: PcmFormat;
  readonly #frameBytes: number;
  readonly #pending: Uint8Array[] = [];
  /** Bytes ever appended (minus those dropped by `clear`) and bytes handed out, since creation. */
  #queuedBytes = 0;
  #releasedBytes = 0;

  /** @param now A millisecond clock for the timeline; `performance.now` by default. */
  constructor(format: PcmFormat, now?: () => number) {
    this.#format = format;
    this.#frameBytes = bytesPerFrame(format);
    this.timeline = new PlaybackTimeline(now);
  }

  /** Queues audio of `ms` milliseconds for an item; the bytes are copied. */
  append(itemId: string, contentIndex: number, audio: Uint8Array, ms: number): void {
    if (audio.byteLength === 0) return;
    this.timeline.append(itemId, contentIndex, ms);
    this.#pending.push(audio.slice());
    this.#queuedBytes += audio.byteLength;
  }

  /** The bytes the head has passed and that were not handed out yet, oldest first. */
  takePlayed(): Uint8Array[] {
    // The timeline counts in fractional ms; round to the nearest frame and never past what is queued.
    const frames = Math.round((this.timeline.positionMs() * this.#format.sampleRate) / 1000);
    const head = Math.min(this.#queuedBytes, frames * this.#frameBytes);
    return this.#release(head);
  }

  /** Everything still queued, played or not (for a sink that drained or is closing without a clock). */
  takeAll(): Uint8Array[] {
    return this.#release(this.#queuedBytes);
  }

  /**
   * Stops the head, returns what was cut (see `PlaybackTimeline.clear`) and the played bytes
   * not handed out yet, and drops the rest.
   */
  clear(): { readonly cleared: ClearedPlayback | undefined; readonly played: Uint8Array[] } {
    // Clear first: the head is then frozen, so the bytes released match the frozen played time exactly.
    const cleared = this.timeline.clear();
    const played = this.takePlayed();
    this.#pending.length = 0;
    this.#queuedBytes = this.#releasedBytes;
    return { cleared, played };
  }

  #release(upTo: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let want = upTo - this.#releasedBytes;
    while (want > 0) {
      const first = this.#pending[0];
      if (first === undefined) break;
      if (first.byteLength <= want) {
        out.push(first);
        this.#pending.shift();
        want -= first.byteLength;
        this.#releasedBytes += first.byteLength;
      } else {
        out.push(first.subarray(0, want));
        this.#pending[0] = first.subarray(want);
        this.#releasedBytes += want;
        want = 0;
      }
    }
    return out;
  }
}
