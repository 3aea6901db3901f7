import { describe, expect, it } from "vitest";
import {
  decodeALaw,
  decodeALawSample,
  decodeMuLaw,
  decodeMuLawSample,
  encodeALaw,
  encodeALawSample,
  encodeMuLaw,
  encodeMuLawSample,
} from "../../../src/audio/pcm/index.js";

// Reference points from G.711's decoding rules, worked by hand: μ-law segment e, step m gives
// (2m + 33)·2^e − 33 on the 14-bit scale (× 4 here); A-law gives 2m + 1 in segment 0 and
// (2m + 33)·2^(s−1) above it on the 13-bit scale (× 8 here). Codes are as sent on the line.
const MULAW_REFERENCE: ReadonlyArray<readonly [number, number]> = [
  [0xff, 0],
  [0x7f, 0], // negative zero
  [0x80, 32124],
  [0x00, -32124],
  [0xfe, 8],
  [0xef, 132],
  [0xdf, 396],
  [0x8f, 16764],
];
const ALAW_REFERENCE: ReadonlyArray<readonly [number, number]> = [
  [0xd5, 8],
  [0x55, -8],
  [0xaa, 32256],
  [0x2a, -32256],
  [0xd4, 24],
  [0xc5, 264],
  [0xf5, 528],
  [0xa5, 16896],
];

describe("G.711 μ-law", () => {
  it("decodes the reference codes to the standard's linear values", () => {
    for (const [code, linear] of MULAW_REFERENCE) expect(decodeMuLawSample(code)).toBe(linear);
    expect(Array.from(decodeMuLaw(new Uint8Array([0xff, 0x80, 0x00])))).toEqual([0, 32124, -32124]);
  });

  it("encodes silence as 0xFF and full scale as 0x80 / 0x00", () => {
    expect(Array.from(encodeMuLaw(new Int16Array([0, 32767, -32768, 32124, -32124])))).toEqual([
      0xff, 0x80, 0x00, 0x80, 0x00,
    ]);
  });

  it("re-encodes every decoded code to itself (except negative zero, which becomes 0xFF)", () => {
    for (let code = 0; code < 256; code++) {
      expect(encodeMuLawSample(decodeMuLawSample(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it("decodes a μ-law byte back within half a quantisation step for all 65536 inputs", () => {
    let worst = 0;
    for (let x = -32768; x < 32768; x++) {
      const error = Math.abs(decodeMuLawSample(encodeMuLawSample(x)) - x);
      // The step in segment e is 2^(e+3) and (|x| + 132) ≥ 2^(e+7): half a step ≤ (|x|+132)/32.
      // Above the 32635 clip the error is the distance to the top code, also inside this bound.
      worst = Math.max(worst, error / ((Math.abs(x) + 132) / 32));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe("G.711 A-law", () => {
  it("decodes the reference codes to the standard's linear values", () => {
    for (const [code, linear] of ALAW_REFERENCE) expect(decodeALawSample(code)).toBe(linear);
    expect(Array.from(decodeALaw(new Uint8Array([0xd5, 0x2a])))).toEqual([8, -32256]);
  });

  it("encodes zero as 0xD5, −1 as 0x55 and full scale as 0xAA / 0x2A", () => {
    expect(Array.from(encodeALaw(new Int16Array([0, -1, 32767, -32768])))).toEqual([0xd5, 0x55, 0xaa, 0x2a]);
  });

  it("re-encodes every one of the 256 decoded codes to itself", () => {
    for (let code = 0; code < 256; code++) expect(encodeALawSample(decodeALawSample(code))).toBe(code);
  });

  it("decodes an A-law byte back within half a quantisation step for all 65536 inputs", () => {
    let worst = 0;
    for (let x = -32768; x < 32768; x++) {
      const error = Math.abs(decodeALawSample(encodeALawSample(x)) - x);
      // Segments 0 and 1 step by 16 (error ≤ 8 … 16 with the 3-bit truncation); above, half a step ≤ |x|/32.
      worst = Math.max(worst, error / (Math.max(Math.abs(x), 256) / 32));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("rejects arrays of the wrong kind", () => {
    expect(() => encodeALaw(new Float32Array(2) as unknown as Int16Array)).toThrow(TypeError);
    expect(() => decodeMuLaw(new Int16Array(2) as unknown as Uint8Array)).toThrow(TypeError);
  });
});
