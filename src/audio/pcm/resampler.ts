/**
 * Streaming sample-rate conversion with a windowed-sinc polyphase anti-aliasing filter.
 */
import { validateChannels, validateSampleRate } from "./pcm-format.js";
import { RESAMPLER_QUALITY, polyphaseFilter, type PolyphaseFilter, type ResamplerQuality } from "./resampler-filter.js";

/** Options for `Resampler`. */
export interface ResamplerOptions {
  /** Sample rate of the input, in hertz (a positive integer). */
  readonly inputRate: number;
  /** Sample rate of the output, in hertz (a positive integer). */
  readonly outputRate: number;
  /** Interleaved channels, 1 to 8. @default 1 */
  readonly channels?: number;
  /** Filter preset, trading filter length for stopband depth. @default "medium" */
  readonly quality?: ResamplerQuality;
}

const INT16_TO_FLOAT = 1 / 32768;

/**
 * Converts interleaved audio between two sample rates, one chunk at a time. `process` takes
 * Int16 or Float32 samples and always returns Float32 in [-1, 1] (Int16 input is divided by
 * 32768; use `float32ToInt16` for PCM16 output). Filter state carries across calls, so any
 * chunking gives bit-identical output to one call; `flush` emits the filter's tail, after
 * which the resampler starts a new stream. Output sample n sits at input time n × in/out,
 * so a whole stream has ceil(frames × out / in) frames and no added delay, while `process`
 * holds back the last `latencyFrames` input frames until more input (or `flush`) arrives.
 */
export class Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly channels: number;
  readonly quality: ResamplerQuality;
  readonly #filter: PolyphaseFilter | undefined;
  readonly #half: number;
  #buffer: Float32Array;
  /** Absolute input frame index of the buffer's first frame (negative while priming). */
  #bufferStart = 0;
  #bufferFrames = 0;
  /** Input frames to discard on arrival because the next output's window starts past them. */
  #skip = 0;
  #inputFrames = 0;
  /** The next output's time in input frames is #position + #phase / interpolation. */
  #position = 0;
  #phase = 0;

  /**
   * Creates a resampler for one stream, sharing the rate pair's precomputed filter.
   * Throws `RangeError` for a rate that is not a positive integer, a channel count outside
   * 1..8, an unknown quality, or a ratio too extreme to filter in real time.
   */
  constructor(options: ResamplerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError("options must be an object { inputRate, outputRate, channels?, quality? }.");
    }
    this.inputRate = validateSampleRate(options.inputRate, "options.inputRate");
    this.outputRate = validateSampleRate(options.outputRate, "options.outputRate");
    this.channels = validateChannels(options.channels ?? 1, "options.channels");
    const quality = options.quality ?? "medium";
    if (!Object.hasOwn(RESAMPLER_QUALITY, quality)) {
      throw new RangeError(`options.quality must be one of ${Object.keys(RESAMPLER_QUALITY).join(", ")}, got ${String(quality)}.`);
    }
    this.quality = quality;
    this.#filter = this.inputRate === this.outputRate ? undefined : polyphaseFilter(this.inputRate, this.outputRate, quality);
    this.#half = this.#filter ? this.#filter.taps / 2 : 0;
    this.#buffer = new Float32Array(Math.max(1, 2 * this.#half * this.channels));
    this.reset();
  }

  /** Input frames `process` holds back, waiting for the samples its filter needs after them. */
  get latencyFrames(): number {
    return this.#half;
  }

  /** Filter length in input samples (0 when the rates are equal). */
  get filterTaps(): number {
    return this.#filter?.taps ?? 0;
  }

  /**
   * Resamples the next chunk of interleaved samples and returns every output frame that is
   * now complete. Throws `TypeError` for another array kind and `RangeError` when the length
   * is not a multiple of `channels`.
   */
  process(input: Int16Array | Float32Array): Float32Array {
    const isInt16 = input instanceof Int16Array;
    if (!isInt16 && !(input instanceof Float32Array)) {
      throw new TypeError("input must be an Int16Array or a Float32Array of interleaved samples.");
    }
    if (input.length % this.channels !== 0) {
      throw new RangeError(`input has ${input.length} samples, not a multiple of channels (${this.channels}).`);
    }
    if (this.#filter === undefined) {
      const out = new Float32Array(input.length);
      if (isInt16) for (let i = 0; i < input.length; i++) out[i] = input[i]! * INT16_TO_FLOAT;
      else out.set(input);
      return out;
    }
    this.#inputFrames += input.length / this.channels;
    this.#append(input, isInt16);
    return this.#produce(this.#bufferStart + this.#bufferFrames - 1 - this.#half);
  }

  /**
   * Returns the output still owed for the input so far (the filter's tail, computed against
   * silence) and resets, ready for a new stream.
   */
  flush(): Float32Array {
    if (this.#filter === undefined) return new Float32Array(0);
    this.#append(new Float32Array(this.#half * this.channels), false);
    const out = this.#produce(this.#inputFrames - 1);
    this.reset();
    return out;
  }

  /** Forgets all buffered input, as if the resampler were new. */
  reset(): void {
    // Frames before the stream are silence: prime the window with half - 1 of them.
    const prime = Math.max(0, this.#half - 1);
    this.#buffer.fill(0, 0, prime * this.channels);
    this.#bufferStart = -prime;
    this.#bufferFrames = prime;
    this.#skip = 0;
    this.#inputFrames = 0;
    this.#position = 0;
    this.#phase = 0;
  }

  #append(input: Int16Array | Float32Array, isInt16: boolean): void {
    const channels = this.channels;
    let from = 0;
    if (this.#skip > 0) {
      const skipped = Math.min(this.#skip, input.length / channels);
      this.#skip -= skipped;
      this.#bufferStart += skipped;
      from = skipped * channels;
    }
    const needed = this.#bufferFrames * channels + input.length - from;
    if (needed > this.#buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#bufferFrames * channels));
      this.#buffer = grown;
    }
    const buffer = this.#buffer;
    let o = this.#bufferFrames * channels;
    if (isInt16) for (let i = from; i < input.length; i++) buffer[o++] = input[i]! * INT16_TO_FLOAT;
    else {
      buffer.set(from === 0 ? input : input.subarray(from), o);
    }
    this.#bufferFrames += (input.length - from) / channels;
  }

  /** Emits every output whose integer input position is at most `lastPosition`. */
  #produce(lastPosition: number): Float32Array {
    const filter = this.#filter!;
    const { interpolation: up, decimation: down, taps, coefficients } = filter;
    const channels = this.channels;
    const span = lastPosition - this.#position + 1;
    const count = span > 0 ? Math.max(0, Math.ceil((span * up - this.#phase) / down)) : 0;
    const out = new Float32Array(count * channels);
    const buffer = this.#buffer;
    const stepWhole = Math.floor(down / up);
    const stepPhase = down % up;
    const gridScale = filter.interpolated ? (filter.phases - 1) / up : 0;
    let position = this.#position;
    let phase = this.#phase;
    let o = 0;
    for (let n = 0; n < count; n++) {
      const first = (position - this.#half + 1 - this.#bufferStart) * channels;
      if (!filter.interpolated) {
        const row = phase * taps;
        if (channels === 1) {
          let acc = 0;
          for (let m = 0; m < taps; m++) acc += coefficients[row + m]! * buffer[first + m]!;
          out[o++] = acc;
        } else {
          for (let c = 0; c < channels; c++) {
            let acc = 0;
            for (let m = 0, b = first + c; m < taps; m++, b += channels) acc += coefficients[row + m]! * buffer[b]!;
            out[o++] = acc;
          }
        }
      } else {
        // Between two grid rows: blend their coefficients by the fractional distance.
        const grid = phase * gridScale;
        const lower = Math.floor(grid);
        const blend = grid - lower;
        const row0 = lower * taps;
        const row1 = row0 + taps;
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let m = 0, b = first + c; m < taps; m++, b += channels) {
            const c0 = coefficients[row0 + m]!;
            acc += (c0 + blend * (coefficients[row1 + m]! - c0)) * buffer[b]!;
          }
          out[o++] = acc;
        }
      }
      position += stepWhole;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        position++;
      }
    }
    this.#position = position;
    this.#phase = phase;
    this.#discardBefore(position - this.#half + 1);
    return out;
  }

  #discardBefore(frame: number): void {
    const drop = frame - this.#bufferStart;
    if (drop <= 0) return;
    const kept = Math.max(0, this.#bufferFrames - drop);
    if (kept > 0) this.#buffer.copyWithin(0, drop * this.channels, this.#bufferFrames * this.channels);
    this.#skip += Math.max(0, drop - this.#bufferFrames);
    this.#bufferStart = frame - Math.max(0, drop - this.#bufferFrames);
    this.#bufferFrames = kept;
  }
}
