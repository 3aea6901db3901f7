import { downmixToMono, upmixMono } from "./pcm/channel-mixing.js";
import type { PcmFormat } from "./pcm/pcm-format.js";
import { Resampler } from "./pcm/resampler.js";
import { float32ToInt16 } from "./pcm/sample-conversion.js";

/**
 * Converts a PCM16 stream between formats in one pass per chunk: mix to mono when the
 * channel counts differ, resample with filter state kept across chunks, then spread to
 * the target channels. Identical formats pass through untouched.
 */
export class PcmConverter {
  readonly from: PcmFormat;
  readonly to: PcmFormat;
  readonly #resampler: Resampler | undefined;

  constructor(from: PcmFormat, to: PcmFormat) {
    this.from = from;
    this.to = to;
    const channels = from.channels === to.channels ? from.channels : 1;
    this.#resampler =
      from.sampleRate === to.sampleRate ? undefined : new Resampler({ inputRate: from.sampleRate, outputRate: to.sampleRate, channels });
  }

  /** Converts one chunk of interleaved samples. */
  convert(samples: Int16Array): Int16Array {
    const mixDown = this.from.channels !== this.to.channels;
    let out = mixDown && this.from.channels > 1 ? downmixToMono(samples, this.from.channels) : samples;
    if (this.#resampler !== undefined) out = float32ToInt16(this.#resampler.process(out));
    if (mixDown && this.to.channels > 1) out = upmixMono(out, this.to.channels);
    return out;
  }

  /** Returns the samples the filter still holds (the end of a stream) and starts over. */
  flush(): Int16Array {
    if (this.#resampler === undefined) return new Int16Array(0);
    const tail = float32ToInt16(this.#resampler.flush());
    return this.from.channels !== this.to.channels && this.to.channels > 1 ? upmixMono(tail, this.to.channels) : tail;
  }

  /** Forgets filter state, e.g. after playback was cut. */
  reset(): void {
    this.#resampler?.reset();
  }
}
