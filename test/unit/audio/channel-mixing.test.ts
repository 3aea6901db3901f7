import { describe, expect, it } from "vitest";
import { deinterleave, downmixToMono, interleave, monoToStereo, stereoToMono, upmixMono } from "../../../src/audio/pcm/index.js";

describe("channel mixing", () => {
  it("downmixes stereo by averaging each frame, rounding Int16 to nearest", () => {
    expect(Array.from(stereoToMono(new Int16Array([100, 200, -32768, -32768, 32767, 32767, 1, 2])))).toEqual([
      150, -32768, 32767, 2,
    ]);
    expect(Array.from(stereoToMono(new Float32Array([0.5, -0.25, 1, 1])))).toEqual([0.125, 1]);
  });

  it("downmixes any channel count and keeps the array kind", () => {
    const out = downmixToMono(new Float32Array([0.3, 0.6, 0.9, -0.3, -0.6, -0.9]), 3);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBeCloseTo(0.6, 6);
    expect(out[1]).toBeCloseTo(-0.6, 6);
  });

  it("upmixes mono by duplicating every sample", () => {
    expect(Array.from(monoToStereo(new Int16Array([1, -2, 3])))).toEqual([1, 1, -2, -2, 3, 3]);
    expect(Array.from(upmixMono(new Float32Array([0.5]), 4))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("deinterleaves and interleaves back to the same samples", () => {
    const interleaved = new Int16Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const planes = deinterleave(interleaved, 3);
    expect(planes.map((p) => Array.from(p))).toEqual([
      [1, 4, 7],
      [2, 5, 8],
      [3, 6, 9],
    ]);
    expect(interleave(planes)).toEqual(interleaved);
  });

  it("rejects a length that is not whole frames, bad channel counts and mismatched planes", () => {
    expect(() => stereoToMono(new Int16Array(3))).toThrow(/multiple of channels/);
    expect(() => downmixToMono(new Int16Array(4), 0)).toThrow(RangeError);
    expect(() => upmixMono(new Int16Array(4), 9)).toThrow(/channels must be an integer from 1 to 8/);
    expect(() => interleave([new Int16Array(2), new Int16Array(3)])).toThrow(RangeError);
    expect(() => interleave([new Int16Array(2), new Float32Array(2)] as Int16Array[])).toThrow(TypeError);
    expect(() => interleave([])).toThrow(RangeError);
    expect(() => deinterleave([1, 2] as unknown as Int16Array, 1)).toThrow(TypeError);
  });
});
