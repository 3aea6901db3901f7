import { describe, expect, it } from "vitest";
import { PcmChunker, bytesFor, durationMs, validatePcmFormat } from "../../../src/audio/pcm/index.js";

const ramp = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => i & 0xff);

describe("PCM format helpers", () => {
  it("converts between bytes and milliseconds for a format", () => {
    expect(durationMs(960, { sampleRate: 24000, channels: 1 })).toBe(20);
    expect(durationMs(new Uint8Array(3840), { sampleRate: 48000, channels: 2 })).toBe(20);
    expect(bytesFor(20, { sampleRate: 24000, channels: 1 })).toBe(960);
    expect(bytesFor(100, { sampleRate: 44100, channels: 2 })).toBe(17640);
    // 1 ms at 22050 Hz is 22.05 samples: rounded to 22 whole frames.
    expect(bytesFor(1, { sampleRate: 22050, channels: 1 })).toBe(44);
  });

  it("rejects formats and amounts outside the allowed ranges, naming the field", () => {
    expect(() => validatePcmFormat({ sampleRate: 0, channels: 1 })).toThrow(/format.sampleRate must be a positive integer/);
    expect(() => validatePcmFormat({ sampleRate: 16000.5, channels: 1 })).toThrow(RangeError);
    expect(() => validatePcmFormat({ sampleRate: 16000, channels: 9 })).toThrow(/format.channels must be an integer from 1 to 8/);
    expect(() => validatePcmFormat(null as never)).toThrow(TypeError);
    expect(() => bytesFor(-1, { sampleRate: 16000, channels: 1 })).toThrow(/ms must be/);
    expect(() => durationMs(-2, { sampleRate: 16000, channels: 1 })).toThrow(/bytes must be/);
  });
});

describe("PcmChunker", () => {
  it("cuts arbitrary pieces into exact 20 ms frames and keeps the remainder", () => {
    const chunker = new PcmChunker({ sampleRate: 24000, channels: 1, frameMs: 20 });
    expect(chunker.frameBytes).toBe(960);
    const input = ramp(5000);
    const frames: Uint8Array[] = [];
    let offset = 0;
    for (const size of [1, 7, 958, 3, 2000, 31, 2000]) {
      frames.push(...chunker.push(input.subarray(offset, offset + size)));
      offset += size;
    }
    expect(frames.map((f) => f.length)).toEqual([960, 960, 960, 960, 960]);
    expect(chunker.bufferedBytes).toBe(200);
    const tail = chunker.flush();
    expect(tail?.length).toBe(200);
    const joined = new Uint8Array(5000);
    let o = 0;
    for (const piece of [...frames, tail!]) {
      joined.set(piece, o);
      o += piece.length;
    }
    expect(joined).toEqual(input);
    expect(chunker.flush()).toBeUndefined();
  });

  it("returns frames that do not alias the caller's buffer", () => {
    const chunker = new PcmChunker({ sampleRate: 8000, channels: 1, frameMs: 10 });
    const input = ramp(320);
    const [first, second] = chunker.push(input);
    input.fill(0);
    expect(first?.[1]).toBe(1);
    expect(second?.[0]).toBe(160);
  });

  it("pads the tail with silence to a full frame when asked, and drops a half sample frame", () => {
    const chunker = new PcmChunker({ sampleRate: 16000, channels: 2, frameMs: 40 });
    expect(chunker.frameBytes).toBe(2560);
    chunker.push(new Uint8Array(11).fill(9));
    const tail = chunker.flush(true);
    expect(tail?.length).toBe(2560);
    expect(Array.from(tail!.subarray(0, 9))).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 0]);
    chunker.push(new Uint8Array(3));
    expect(chunker.flush()).toBeUndefined();
  });

  it("supports 100 ms frames at 44.1 kHz stereo and forgets everything on reset", () => {
    const chunker = new PcmChunker({ sampleRate: 44100, channels: 2, frameMs: 100 });
    expect(chunker.frameBytes).toBe(17640);
    expect(chunker.push(new Uint8Array(17639))).toEqual([]);
    chunker.reset();
    expect(chunker.bufferedBytes).toBe(0);
    expect(chunker.push(new Uint8Array(17640))).toHaveLength(1);
  });

  it("rejects a frame duration that is not a whole number of samples", () => {
    expect(() => new PcmChunker({ sampleRate: 11025, channels: 1, frameMs: 20 })).toThrow(/220.5 samples/);
    expect(() => new PcmChunker({ sampleRate: 24000, channels: 1, frameMs: 0 })).toThrow(/frameMs must be a positive/);
    expect(() => new PcmChunker({ sampleRate: 24000, channels: 0, frameMs: 20 })).toThrow(/options.channels/);
  });
});
