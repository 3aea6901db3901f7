/**
 * Finds where in Chromium's looping fake-microphone file the captured audio began, by
 * matching loudness envelopes, so VAD times can be checked against the fixture's own
 * speech boundaries rather than against the simulator's idea of them.
 */
import { readFileSync } from "node:fs";

/** A mono PCM16 WAV read into memory. */
export interface MonoWav {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

/** Reads a canonical mono PCM16 WAV (the fixtures' 44-byte header). */
export function readMonoWav(path: string): MonoWav {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") throw new Error(`${path} is not a WAV file.`);
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    const size = view.getUint32(offset + 4, true);
    if (id === "fmt ") {
      if (view.getUint16(offset + 8, true) !== 1 || view.getUint16(offset + 10, true) !== 1 || view.getUint16(offset + 22, true) !== 16) {
        throw new Error(`${path} is not mono PCM16.`);
      }
      sampleRate = view.getUint32(offset + 12, true);
    } else if (id === "data") {
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(offset + 8 + 2 * i, true);
      return { sampleRate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk.`);
}

const FLOOR_DB = -70;

/** RMS level in dBFS of the `windowMs` window starting at every `hopMs`, floored at -70 dB. */
export function levelsDb(samples: Int16Array, sampleRate: number, windowMs: number, hopMs: number): number[] {
  const window = Math.round((sampleRate * windowMs) / 1000);
  const levels: number[] = [];
  for (let step = 0; ; step++) {
    const start = Math.round((step * hopMs * sampleRate) / 1000);
    if (start + window > samples.length) return levels;
    let sum = 0;
    for (let i = start; i < start + window; i++) sum += (samples[i]! / 32768) ** 2;
    levels.push(Math.max(FLOOR_DB, 10 * Math.log10(sum / window + 1e-12)));
  }
}

/** Where the capture began in the looped file, and how well the envelopes agree there. */
export interface LoopAlignment {
  /** File time, in ms, of the first captured sample (0 ≤ offset < period). */
  readonly fileOffsetMs: number;
  /** Pearson correlation of the two envelopes at that offset (1 is a perfect match). */
  readonly correlation: number;
  /** The best correlation at offsets more than 100 ms away, for contrast. */
  readonly runnerUp: number;
}

/**
 * Aligns `captured` (any rate) with `file` played in a loop: tries every file offset in
 * 1 ms steps and keeps the one whose 10 ms loudness envelope correlates best with the
 * capture's. Loudness rather than samples, so the browser's gain control and noise
 * suppression do not hide the match.
 */
export function alignWithLoop(captured: MonoWav, file: MonoWav): LoopAlignment {
  const periodMs = (file.samples.length * 1000) / file.sampleRate;
  const hopMs = 5;
  const capturedDb = levelsDb(captured.samples, captured.sampleRate, 10, hopMs);
  // The file twice over, so a window that straddles the loop point is measured too.
  const twice = new Int16Array(file.samples.length * 2);
  twice.set(file.samples);
  twice.set(file.samples, file.samples.length);
  const fileDb = levelsDb(twice, file.sampleRate, 10, 1);
  const fileAt = (ms: number): number => fileDb[Math.round(ms % periodMs) % fileDb.length]!;
  const scores: number[] = [];
  for (let offset = 0; offset < Math.floor(periodMs); offset++) {
    scores.push(pearson(capturedDb, (i) => fileAt(offset + i * hopMs)));
  }
  let best = 0;
  for (let offset = 1; offset < scores.length; offset++) if (scores[offset]! > scores[best]!) best = offset;
  let runnerUp = -1;
  for (let offset = 0; offset < scores.length; offset++) {
    const distance = Math.min(Math.abs(offset - best), scores.length - Math.abs(offset - best));
    if (distance > 100) runnerUp = Math.max(runnerUp, scores[offset]!);
  }
  return { fileOffsetMs: best, correlation: scores[best]!, runnerUp };
}

function pearson(xs: readonly number[], y: (i: number) => number): number {
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = xs[i]!;
    const b = y(i);
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx <= 0 || vy <= 0 ? 0 : cov / Math.sqrt(vx * vy);
}
