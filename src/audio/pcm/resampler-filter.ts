/**
 * Designs the anti-aliasing low-pass filter of `Resampler`: a Kaiser-windowed sinc, stored
 * as a polyphase table and built once per rate pair and quality.
 */

/** Filter presets: stopband attenuation and where the passband ends, as a fraction of the lower Nyquist. */
export const RESAMPLER_QUALITY = {
  /** 60 dB stopband, flat to 75 % of the lower Nyquist frequency. */
  low: { stopbandDb: 60, passbandEdge: 0.75 },
  /** 80 dB stopband, flat to 80 %; the default. */
  medium: { stopbandDb: 80, passbandEdge: 0.8 },
  /** 100 dB stopband, flat to 85 %. */
  high: { stopbandDb: 100, passbandEdge: 0.85 },
} as const;

/** A `RESAMPLER_QUALITY` preset name. */
export type ResamplerQuality = keyof typeof RESAMPLER_QUALITY;

/** A polyphase filter: `phases` rows of `taps` coefficients, each row summing to 1. */
export interface PolyphaseFilter {
  /** Output samples per `decimation` input samples, after dividing both rates by their GCD. */
  readonly interpolation: number;
  readonly decimation: number;
  /** Coefficients per row; even, and spanning that many input samples. */
  readonly taps: number;
  /** Rows in `coefficients`: `interpolation` for an exact table, or `INTERPOLATED_PHASES + 1`. */
  readonly phases: number;
  /** True when rows are a fixed grid to interpolate between, because an exact table would be too large. */
  readonly interpolated: boolean;
  /** Row r, tap m at `r * taps + m`; tap m weighs input sample `floor(t) - taps/2 + 1 + m` for output time t. */
  readonly coefficients: Float32Array;
  /** The -6 dB cutoff in hertz. */
  readonly cutoffHz: number;
}

// Beyond this many exact phases (e.g. 44101 → 48000 Hz) the table switches to a grid of
// INTERPOLATED_PHASES rows with linear interpolation; its error, about (π·0.5/512)²/8 of a
// coefficient (≈ -118 dB), stays far below the filter's own 60-100 dB stopband.
const MAX_EXACT_PHASES = 1024;
const INTERPOLATED_PHASES = 512;
const MAX_TABLE_ENTRIES = 1 << 22;

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

/** The zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  const half = x / 2;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
    term *= (half / k) * (half / k);
    sum += term;
  }
  return sum;
}

/**
 * Builds the polyphase table for one rate pair.
 * Throws `RangeError` when the ratio is so extreme that the table would exceed 16 MiB.
 */
function designFilter(inputRate: number, outputRate: number, quality: ResamplerQuality): PolyphaseFilter {
  const { stopbandDb, passbandEdge } = RESAMPLER_QUALITY[quality];
  const divisor = gcd(inputRate, outputRate);
  const interpolation = outputRate / divisor;
  const decimation = inputRate / divisor;
  const nyquist = Math.min(inputRate, outputRate) / 2;
  // The stopband starts at the lower Nyquist frequency so nothing that could fold back
  // (or image) is let through, and the passband ends passbandEdge of the way there.
  const transitionHz = (1 - passbandEdge) * nyquist;
  const cutoffHz = ((1 + passbandEdge) / 2) * nyquist;
  const beta = stopbandDb > 50 ? 0.1102 * (stopbandDb - 8.7) : 0.5842 * (stopbandDb - 21) ** 0.4 + 0.07886 * (stopbandDb - 21);
  // Kaiser's length estimate, in input samples, rounded up to an even count.
  const span = (stopbandDb - 7.95) / (14.36 * (transitionHz / inputRate));
  const taps = Math.max(4, 2 * Math.ceil(span / 2));

  const interpolated = interpolation > MAX_EXACT_PHASES || interpolation * taps > MAX_TABLE_ENTRIES;
  const phases = interpolated ? INTERPOLATED_PHASES + 1 : interpolation;
  if (phases * taps > MAX_TABLE_ENTRIES) {
    throw new RangeError(
      `Resampling ${inputRate} Hz to ${outputRate} Hz needs a ${taps}-tap filter, too long to run in real time; resample in stages.`,
    );
  }
  const phaseStep = interpolated ? 1 / INTERPOLATED_PHASES : 1 / interpolation;
  const normCutoff = (2 * cutoffHz) / inputRate;
  const half = taps / 2;
  const i0Beta = besselI0(beta);
  const coefficients = new Float32Array(phases * taps);
  const row = new Float64Array(taps);
  for (let r = 0; r < phases; r++) {
    const offset = r * phaseStep;
    let sum = 0;
    for (let m = 0; m < taps; m++) {
      const tau = offset + half - 1 - m;
      const x = normCutoff * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const edge = tau / half;
      const window = edge * edge >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - edge * edge)) / i0Beta;
      row[m] = normCutoff * sinc * window;
      sum += row[m]!;
    }
    // Unit gain in every phase keeps DC and low tones free of a phase-dependent ripple.
    for (let m = 0; m < taps; m++) coefficients[r * taps + m] = row[m]! / sum;
  }
  return { interpolation, decimation, taps, phases, interpolated, coefficients, cutoffHz };
}

const cache = new Map<string, PolyphaseFilter>();

/**
 * Returns the polyphase filter for a rate pair and quality, designing it on first use and
 * sharing it afterwards. Throws `RangeError` for a ratio too extreme to filter in real time.
 */
export function polyphaseFilter(inputRate: number, outputRate: number, quality: ResamplerQuality): PolyphaseFilter {
  const key = `${inputRate}>${outputRate}:${quality}`;
  let filter = cache.get(key);
  if (filter === undefined) {
    filter = designFilter(inputRate, outputRate, quality);
    cache.set(key, filter);
  }
  return filter;
}
