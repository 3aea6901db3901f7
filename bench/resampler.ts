/**
 * Resampler benchmark: speed in multiples of real time, and aliasing rejection.
 * Run with `npx tsx bench/resampler.ts`. Prints markdown tables.
 */
import { Resampler, type ResamplerQuality } from "../src/audio/pcm/index.js";

const RUNS = 7;
const SECONDS = 10;
const CHUNK_MS = 20;

function noiseAndTones(rate: number, frames: number): Float32Array {
  let seed = 12345;
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate) + 0.1 * (seed / 2 ** 32 - 0.5);
  }
  return out;
}

function speed(inputRate: number, outputRate: number, quality: ResamplerQuality): { median: number; min: number; max: number; taps: number } {
  const input = noiseAndTones(inputRate, inputRate * SECONDS);
  const chunk = (inputRate * CHUNK_MS) / 1000;
  const chunks: Float32Array[] = [];
  for (let o = 0; o < input.length; o += chunk) chunks.push(input.subarray(o, o + chunk));
  const resampler = new Resampler({ inputRate, outputRate, quality });
  const once = (): number => {
    const start = performance.now();
    for (const c of chunks) resampler.process(c);
    resampler.flush();
    return performance.now() - start;
  };
  once(); // warm up the JIT
  const multiples = Array.from({ length: RUNS }, () => (SECONDS * 1000) / once()).sort((a, b) => a - b);
  return { median: multiples[Math.floor(RUNS / 2)]!, min: multiples[0]!, max: multiples[RUNS - 1]!, taps: resampler.filterTaps };
}

function resample(inputRate: number, outputRate: number, input: Float32Array, quality: ResamplerQuality): Float32Array {
  const resampler = new Resampler({ inputRate, outputRate, quality });
  const head = resampler.process(input);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

function rmsMiddle(x: Float32Array): number {
  const from = Math.floor(x.length * 0.1);
  const to = Math.floor(x.length * 0.9);
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! ** 2;
  return Math.sqrt(sum / (to - from));
}

/** Worst output level (dB re. input) of single tones from the output Nyquist up to the input Nyquist. */
function worstAlias(inputRate: number, outputRate: number, quality: ResamplerQuality): { worstDb: number; atHz: number } {
  const low = Math.min(inputRate, outputRate) / 2;
  const high = inputRate / 2;
  let worstDb = -Infinity;
  let atHz = 0;
  const frames = Math.round(inputRate * 0.25);
  for (let k = 1; k <= 120; k++) {
    const hz = low + ((high - low) * k) / 121;
    const input = Float32Array.from({ length: frames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / inputRate));
    const level = db(rmsMiddle(resample(inputRate, outputRate, input, quality)) / (0.5 / Math.SQRT2));
    if (level > worstDb) {
      worstDb = level;
      atHz = hz;
    }
  }
  return { worstDb, atHz };
}

/** Worst level (dB re. the tone) of everything but the tone itself, for passband tones being upsampled: the images. */
function worstImage(inputRate: number, outputRate: number, quality: ResamplerQuality, edge: number): { worstDb: number; atHz: number } {
  const top = (inputRate / 2) * edge;
  const frames = Math.round(inputRate * 0.25);
  let worstDb = -Infinity;
  let atHz = 0;
  for (let k = 0; k <= 40; k++) {
    const hz = 100 + ((top - 100) * k) / 40;
    const input = Float32Array.from({ length: frames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / inputRate));
    const out = resample(inputRate, outputRate, input, quality);
    const from = Math.floor(out.length * 0.1);
    const to = Math.floor(out.length * 0.9);
    let re = 0;
    let im = 0;
    for (let n = from; n < to; n++) {
      re += out[n]! * Math.cos((2 * Math.PI * hz * n) / outputRate);
      im += out[n]! * Math.sin((2 * Math.PI * hz * n) / outputRate);
    }
    re = (2 * re) / (to - from);
    im = (2 * im) / (to - from);
    let sum = 0;
    for (let n = from; n < to; n++) {
      const fitted = re * Math.cos((2 * Math.PI * hz * n) / outputRate) + im * Math.sin((2 * Math.PI * hz * n) / outputRate);
      sum += (out[n]! - fitted) ** 2;
    }
    const level = db(Math.sqrt(sum / (to - from)) / (0.5 / Math.SQRT2));
    if (level > worstDb) {
      worstDb = level;
      atHz = hz;
    }
  }
  return { worstDb, atHz };
}

/** Largest passband deviation (dB) over tones from 100 Hz to the preset's passband edge. */
function passbandRipple(inputRate: number, outputRate: number, quality: ResamplerQuality, edge: number): number {
  const top = (Math.min(inputRate, outputRate) / 2) * edge;
  const frames = Math.round(inputRate * 0.25);
  let worst = 0;
  for (let k = 0; k <= 40; k++) {
    const hz = 100 + ((top - 100) * k) / 40;
    const input = Float32Array.from({ length: frames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / inputRate));
    worst = Math.max(worst, Math.abs(db(rmsMiddle(resample(inputRate, outputRate, input, quality)) / (0.5 / Math.SQRT2))));
  }
  return worst;
}

/** Output energy (dB re. the sweep) while a linear 0 → Nyquist sweep is above the output Nyquist. */
function sweepAlias(inputRate: number, outputRate: number, quality: ResamplerQuality): number {
  const frames = inputRate * 8;
  const top = inputRate / 2;
  const input = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / inputRate;
    input[i] = 0.5 * Math.sin(2 * Math.PI * ((top / (2 * 8)) * t * t));
  }
  const out = resample(inputRate, outputRate, input, quality);
  // Start a little past the output Nyquist so the filter's few-ms smear of in-band signal is not counted.
  const nyquist = outputRate / 2;
  const startSeconds = ((nyquist * 1.01) / top) * 8;
  const endSeconds = 7.9;
  let sum = 0;
  let count = 0;
  for (let n = Math.ceil(startSeconds * outputRate); n < Math.floor(endSeconds * outputRate) && n < out.length; n++, count++) sum += out[n]! ** 2;
  return db(Math.sqrt(sum / count) / (0.5 / Math.SQRT2));
}

const fmt = (v: number, digits = 1): string => v.toFixed(digits);

const pairs: Array<[number, number]> = [[48000, 24000], [24000, 48000], [44100, 16000], [16000, 24000], [8000, 24000]];
console.log(`## Resampler speed (mono Float32, ${CHUNK_MS} ms chunks, ${SECONDS} s of audio, ${RUNS} runs, Node ${process.version})\n`);
console.log("| conversion | quality | taps | median × real time | min – max |");
console.log("|---|---|---:|---:|---:|");
for (const [inputRate, outputRate] of pairs) {
  for (const quality of ["medium", "high"] as const) {
    const s = speed(inputRate, outputRate, quality);
    console.log(`| ${inputRate / 1000}k → ${outputRate / 1000}k | ${quality} | ${s.taps} | ${fmt(s.median, 0)}× | ${fmt(s.min, 0)}× – ${fmt(s.max, 0)}× |`);
  }
}

const EDGES: Record<ResamplerQuality, number> = { low: 0.75, medium: 0.8, high: 0.85 };
console.log("\n## Aliasing rejection (single tones across the stopband, and a 0 → Nyquist linear sweep)\n");
console.log("| conversion | quality | worst alias / image (tone) | at | sweep energy above out-Nyquist | passband ripple |");
console.log("|---|---|---:|---:|---:|---:|");
for (const [inputRate, outputRate] of [[48000, 16000], [48000, 24000], [44100, 16000], [8000, 48000], [16000, 24000]] as const) {
  for (const quality of ["low", "medium", "high"] as const) {
    const alias = inputRate > outputRate ? worstAlias(inputRate, outputRate, quality) : worstImage(inputRate, outputRate, quality, EDGES[quality]);
    const sweep = inputRate > outputRate ? `${fmt(sweepAlias(inputRate, outputRate, quality))} dB` : "n/a (upsampling)";
    const ripple = passbandRipple(inputRate, outputRate, quality, EDGES[quality]);
    const aliasCell = `${fmt(alias.worstDb)} dB${inputRate > outputRate ? "" : " (images)"}`;
    const atCell = `${fmt(alias.atHz / 1000, 2)} kHz`;
    console.log(`| ${inputRate / 1000}k → ${outputRate / 1000}k | ${quality} | ${aliasCell} | ${atCell} | ${sweep} | ±${fmt(ripple, 4)} dB |`);
  }
}
