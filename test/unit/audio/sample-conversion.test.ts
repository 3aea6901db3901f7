import { describe, expect, it } from "vitest";
import {
  float32ToInt16,
  float32ToPcm16Bytes,
  int16ToFloat32,
  int16ToPcm16Bytes,
  pcm16BytesToFloat32,
  pcm16BytesToInt16,
} from "../../../src/audio/pcm/index.js";

describe("PCM16 bytes and Int16Array", () => {
  it("reads little-endian byte pairs as signed samples", () => {
    const bytes = new Uint8Array([0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f]);
    expect(Array.from(pcm16BytesToInt16(bytes))).toEqual([1, -1, -32768, 32767]);
  });

  it("returns a zero-copy view of aligned bytes", () => {
    const bytes = new Uint8Array([0x10, 0x00, 0x20, 0x00]);
    const samples = pcm16BytesToInt16(bytes);
    bytes[0] = 0x11;
    expect(samples.buffer).toBe(bytes.buffer);
    expect(samples[0]).toBe(0x11);
  });

  it("copies bytes that start at an odd offset and still decodes them", () => {
    const backing = new Uint8Array([0xaa, 0x34, 0x12, 0xcc, 0xff]);
    const samples = pcm16BytesToInt16(backing.subarray(1, 5));
    expect(Array.from(samples)).toEqual([0x1234, -52]);
    backing[1] = 0;
    expect(samples[0]).toBe(0x1234);
  });

  it("rejects an odd byte length with a RangeError that says why", () => {
    expect(() => pcm16BytesToInt16(new Uint8Array(3))).toThrow(RangeError);
    expect(() => pcm16BytesToInt16(new Uint8Array(3))).toThrow(/3 bytes.*even/);
    expect(() => pcm16BytesToInt16([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });

  it("writes samples back as the same little-endian bytes", () => {
    const samples = new Int16Array([1, -1, -32768, 32767, 0x1234]);
    expect(Array.from(int16ToPcm16Bytes(samples))).toEqual([1, 0, 255, 255, 0, 128, 255, 127, 0x34, 0x12]);
    expect(Array.from(pcm16BytesToInt16(int16ToPcm16Bytes(samples)))).toEqual(Array.from(samples));
  });
});

describe("Int16 and Float32", () => {
  it("scales by 32768 both ways so every Int16 value survives a round trip", () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < all.length; i++) all[i] = i - 32768;
    const floats = int16ToFloat32(all);
    expect(floats[0]).toBe(-1);
    expect(floats[32768]).toBe(0);
    expect(floats[65535]).toBeCloseTo(32767 / 32768, 9);
    const back = float32ToInt16(floats);
    let mismatches = 0;
    for (let i = 0; i < all.length; i++) if (back[i] !== all[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it("clamps out-of-range floats, rounds to nearest and turns NaN into silence", () => {
    const out = float32ToInt16(new Float32Array([1, -1, 1.5, -2, 0.25, -0.25, Number.NaN, 3 / 65536]));
    expect(Array.from(out)).toEqual([32767, -32768, 32767, -32768, 8192, -8192, 0, 2]);
  });

  it("goes straight between bytes and floats", () => {
    const floats = pcm16BytesToFloat32(new Uint8Array([0x00, 0x40, 0x00, 0xc0]));
    expect(Array.from(floats)).toEqual([0.5, -0.5]);
    expect(Array.from(float32ToPcm16Bytes(floats))).toEqual([0x00, 0x40, 0x00, 0xc0]);
  });
});
