import { describe, expect, it } from "vitest";
import { Resampler, float32ToInt16, interleave, type ResamplerOptions } from "../../../src/audio/pcm/index.js";

const tone = (hz: number, rate: number, frames: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

function resampleAll(options: ResamplerOptions, input: Float32Array | Int16Array, chunkFrames?: number[]): Float32Array {
  const resampler = new Resampler(options);
  const parts: Float32Array[] = [];
  const channels = options.channels ?? 1;
  if (chunkFrames === undefined) parts.push(resampler.process(input));
  else {
    let offset = 0;
    for (let k = 0; offset < input.length; k++) {
      const size = chunkFrames[k % chunkFrames.length]! * channels;
      parts.push(resampler.process(input.subarray(offset, offset + size)));
      offset += size;
    }
  }
  parts.push(resampler.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** RMS level in dB relative to a full-scale-0.5 sine, over the middle 60 % (away from the edges). */
function levelDb(samples: Float32Array): number {
  const from = Math.floor(samples.length * 0.2);
  const to = Math.floor(samples.length * 0.8);
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! ** 2;
  return 20 * Math.log10(Math.sqrt(sum / (to - from)) / (0.5 / Math.SQRT2));
}

/** Level in dB (relative to a 0.5 sine) of one frequency, by correlating with a quadrature pair. */
function toneLevelDb(samples: Float32Array, hz: number, rate: number): number {
  const from = Math.floor(samples.length * 0.2);
  const to = Math.floor(samples.length * 0.8);
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    re += samples[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
    im += samples[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  const amplitude = (2 * Math.hypot(re, im)) / (to - from);
  return 20 * Math.log10(amplitude / 0.5);
}

describe("Resampler", () => {
  it("keeps a 1 kHz tone's amplitude within 0.5 dB from 48 kHz to 24 kHz", () => {
    const out = resampleAll({ inputRate: 48000, outputRate: 24000 }, tone(1000, 48000, 24000));
    expect(Math.abs(levelDb(out))).toBeLessThan(0.5);
  });

  it("places output samples at input time n × in/out, matching the ideal tone to -80 dB", () => {
    const out = resampleAll({ inputRate: 48000, outputRate: 24000 }, tone(1000, 48000, 24000));
    const ideal = tone(1000, 24000, out.length);
    const error = new Float32Array(out.length);
    for (let i = 0; i < out.length; i++) error[i] = out[i]! - ideal[i]!;
    expect(levelDb(error)).toBeLessThan(-80);
  });

  it("attenuates a 15 kHz tone by at least 60 dB when going from 48 kHz to 24 kHz", () => {
    const out = resampleAll({ inputRate: 48000, outputRate: 24000 }, tone(15000, 48000, 24000));
    expect(levelDb(out)).toBeLessThan(-60);
  });

  it("rejects tones just above the output Nyquist at every quality", () => {
    for (const [quality, floor] of [["low", -55], ["medium", -75], ["high", -95]] as const) {
      const out = resampleAll({ inputRate: 44100, outputRate: 16000, quality }, tone(8200, 44100, 22050));
      expect(levelDb(out)).toBeLessThan(floor);
    }
  });

  it("rejects the images when upsampling a 1 kHz tone from 8 kHz to 48 kHz", () => {
    const out = resampleAll({ inputRate: 8000, outputRate: 48000 }, tone(1000, 8000, 8000));
    expect(Math.abs(toneLevelDb(out, 1000, 48000))).toBeLessThan(0.1);
    for (const image of [7000, 9000, 15000, 17000, 23000]) expect(toneLevelDb(out, image, 48000)).toBeLessThan(-70);
    expect(Math.abs(levelDb(out))).toBeLessThan(0.1); // nothing but the 1 kHz tone carries energy
  });

  it("outputs round(frames × out / in) frames, give or take one, for common and odd rate pairs", () => {
    const rates = [8000, 16000, 22050, 24000, 32000, 44100, 48000, 44101];
    for (const inputRate of rates) {
      for (const outputRate of rates) {
        for (const frames of [0, 1, 479, 4410]) {
          const out = resampleAll({ inputRate, outputRate }, new Float32Array(frames));
          expect(Math.abs(out.length - Math.round((frames * outputRate) / inputRate))).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("gives bit-identical output whatever the chunk sizes", () => {
    const input = Float32Array.from({ length: 9000 }, (_, i) => Math.sin(i * 0.37) * 0.3 + Math.sin(i * 0.011) * 0.4);
    for (const [inputRate, outputRate] of [[48000, 24000], [24000, 48000], [44100, 16000], [8000, 24000], [44101, 48000]]) {
      const options = { inputRate: inputRate!, outputRate: outputRate! };
      const oneShot = resampleAll(options, input);
      expect(resampleAll(options, input, [1, 7, 480, 0, 3, 1000, 2])).toEqual(oneShot);
      expect(resampleAll(options, input, [160])).toEqual(oneShot);
    }
  });

  it("resamples each interleaved channel independently", () => {
    const left = tone(440, 44100, 4410);
    const right = tone(3000, 44100, 4410, 0.25);
    const stereo = resampleAll({ inputRate: 44100, outputRate: 24000, channels: 2 }, interleave([left, right]), [441]);
    const l = resampleAll({ inputRate: 44100, outputRate: 24000 }, left);
    const r = resampleAll({ inputRate: 44100, outputRate: 24000 }, right);
    expect(stereo.length).toBe(2 * l.length);
    for (let i = 0; i < l.length; i++) {
      expect(stereo[2 * i]).toBe(l[i]);
      expect(stereo[2 * i + 1]).toBe(r[i]);
    }
  });

  it("takes Int16 input as samples scaled by 1/32768", () => {
    const ints = float32ToInt16(tone(1000, 16000, 1600));
    const floats = Float32Array.from(ints, (v) => v / 32768);
    expect(resampleAll({ inputRate: 16000, outputRate: 24000 }, ints)).toEqual(
      resampleAll({ inputRate: 16000, outputRate: 24000 }, floats),
    );
  });

  it("passes audio through unchanged when the rates are equal", () => {
    const resampler = new Resampler({ inputRate: 24000, outputRate: 24000 });
    const input = tone(1000, 24000, 480);
    const out = resampler.process(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(Array.from(resampler.process(new Int16Array([16384, -32768])))).toEqual([0.5, -1]);
    expect(resampler.flush().length).toBe(0);
  });

  it("starts over after reset and after flush", () => {
    const input = tone(1000, 48000, 4800);
    const fresh = resampleAll({ inputRate: 48000, outputRate: 16000 }, input);
    const resampler = new Resampler({ inputRate: 48000, outputRate: 16000 });
    resampler.process(tone(5000, 48000, 999));
    resampler.reset();
    const afterReset = [resampler.process(input), resampler.flush()];
    resampler.process(tone(5000, 48000, 777));
    resampler.flush();
    const afterFlush = [resampler.process(input), resampler.flush()];
    for (const [head, tail] of [afterReset, afterFlush]) {
      const joined = new Float32Array(head!.length + tail!.length);
      joined.set(head!);
      joined.set(tail!, head!.length);
      expect(joined).toEqual(fresh);
    }
  });

  it("rejects bad options and input, naming what is allowed", () => {
    expect(() => new Resampler({ inputRate: 0, outputRate: 16000 })).toThrow(/options.inputRate must be a positive integer/);
    expect(() => new Resampler({ inputRate: 16000, outputRate: 22050.5 })).toThrow(RangeError);
    expect(() => new Resampler({ inputRate: 16000, outputRate: 24000, channels: 9 })).toThrow(/options.channels/);
    expect(() => new Resampler({ inputRate: 16000, outputRate: 24000, quality: "best" as never })).toThrow(
      /options.quality must be one of low, medium, high/,
    );
    expect(() => new Resampler({ inputRate: 192000, outputRate: 1 })).toThrow(/too long to run in real time/);
    const stereo = new Resampler({ inputRate: 16000, outputRate: 24000, channels: 2 });
    expect(() => stereo.process(new Float32Array(3))).toThrow(/not a multiple of channels/);
    expect(() => stereo.process(new Uint8Array(4) as never)).toThrow(TypeError);
  });
});
