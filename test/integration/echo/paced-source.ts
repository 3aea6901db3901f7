import type { AudioSource, PcmFormat } from "../../../src/index.js";

/**
 * A microphone stand-in on the real clock: chunk n of `chunkMs` is handed out when it
 * would have finished recording (n + 1 chunks after `start()`), so sample k was
 * "captured" at `startedAtMs + k / rate` on `performance.now()`. Its audio is `audio`
 * followed by silence forever (until closed).
 */
export class PacedSource implements AudioSource {
  readonly format: PcmFormat;
  /** `performance.now()` at `start()`: the capture time of sample 0. */
  startedAtMs = 0;
  closed = false;
  readonly #audio: Int16Array;
  readonly #chunkFrames: number;
  #started = false;
  #wake: (() => void) | undefined;

  constructor(sampleRate: number, audio: Int16Array = new Int16Array(0), readonly chunkMs = 20) {
    this.format = { sampleRate, channels: 1 };
    this.#audio = audio;
    this.#chunkFrames = Math.round((sampleRate * chunkMs) / 1000);
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.startedAtMs = performance.now();
    this.#wake?.();
  }
  async stop(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (!this.#started) await new Promise<void>((resolve) => (this.#wake = resolve));
    for (let n = 0; !this.closed; n++) {
      const due = this.startedAtMs + (n + 1) * this.chunkMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.closed) return;
      const chunk = new Int16Array(this.#chunkFrames);
      const from = n * this.#chunkFrames;
      if (from < this.#audio.length) chunk.set(this.#audio.subarray(from, from + this.#chunkFrames));
      yield new Uint8Array(chunk.buffer);
    }
  }
}

/** A sine tone as PCM16 samples; `amplitude` is a fraction of full scale. */
export function sine(ms: number, sampleRate: number, hz = 1000, amplitude = 0.5): Int16Array {
  return Int16Array.from({ length: Math.round((sampleRate * ms) / 1000) }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate)));
}

/** First index whose magnitude passes `threshold`, or -1. */
export function onsetIndex(samples: Int16Array, threshold = 2000): number {
  return samples.findIndex((s) => Math.abs(s) > threshold);
}

/** Last index whose magnitude passes `threshold`, or -1. */
export function lastLoudIndex(samples: Int16Array, threshold = 2000): number {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i]!) > threshold) return i;
  return -1;
}

/** Joins PCM16 byte chunks into samples. */
export function joinPcm(chunks: readonly Uint8Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.byteLength / 2, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(new Int16Array(chunk.slice().buffer), offset);
    offset += chunk.byteLength / 2;
  }
  return out;
}
