import { describe, expect, it } from "vitest";
import {
  decodeWavSamples,
  encodeWavSamples,
  isWav,
  parseWav,
  pcm16BytesToInt16,
  writeWav,
  type WavSampleType,
} from "../../../src/audio/pcm/index.js";

// Assembles RIFF files by hand so the parser is not only checked against our own writer.
const u16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];
const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const id = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const chunk = (name: string, body: number[], declared = body.length): number[] => [
  ...id(name),
  ...u32(declared),
  ...body,
  ...(body.length % 2 === 1 ? [0] : []),
];
const riff = (...chunks: number[][]): Uint8Array => {
  const body = chunks.flat();
  return Uint8Array.from([...id("RIFF"), ...u32(4 + body.length), ...id("WAVE"), ...body]);
};
const fmtBody = (tag: number, channels: number, rate: number, bits: number): number[] => {
  const align = (channels * bits) / 8;
  return [...u16(tag), ...u16(channels), ...u32(rate), ...u32(rate * align), ...u16(align), ...u16(bits)];
};
const extensibleFmt = (subTag: number, channels: number, rate: number, bits: number, validBits: number): number[] => [
  ...fmtBody(0xfffe, channels, rate, bits),
  ...u16(22),
  ...u16(validBits),
  ...u32(0x3), // front left | front right
  ...u16(subTag),
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

describe("isWav", () => {
  it("recognises RIFF/WAVE magic and nothing else", () => {
    expect(isWav(writeWav({ sampleRate: 24000, channels: 1, sampleType: "pcm16" }, new Uint8Array(0)))).toBe(true);
    expect(isWav(new TextEncoder().encode("RIFF\0\0\0\0AVI LIST"))).toBe(false);
    expect(isWav(new Uint8Array([0x52, 0x49, 0x46, 0x46]))).toBe(false);
    expect(isWav(new Uint8Array(960))).toBe(false);
  });
});

describe("parseWav", () => {
  it("reads a PCM16 mono file and returns a view of its samples", () => {
    const bytes = riff(chunk("fmt ", fmtBody(1, 1, 24000, 16)), chunk("data", [...u16(1000), ...u16(-1000 & 0xffff)]));
    const wav = parseWav(bytes);
    expect(wav.format).toEqual({ sampleRate: 24000, channels: 1, sampleType: "pcm16" });
    expect(wav.frameCount).toBe(2);
    expect(wav.durationMs).toBeCloseTo(2 / 24, 9);
    expect(wav.data.buffer).toBe(bytes.buffer);
    expect(Array.from(pcm16BytesToInt16(wav.data))).toEqual([1000, -1000]);
    expect(wav.channelMask).toBeUndefined();
  });

  it("skips unknown chunks, honouring the pad byte after an odd-sized one", () => {
    const list = chunk("LIST", [...id("INFO"), ...id("ISFT"), ...u32(3), 0x61, 0x62, 0x63]); // 15 bytes + pad
    const bytes = riff(list, chunk("fmt ", fmtBody(1, 2, 44100, 16)), chunk("junk", [1, 2, 3]), chunk("data", [1, 0, 2, 0]));
    const wav = parseWav(bytes);
    expect(wav.format).toEqual({ sampleRate: 44100, channels: 2, sampleType: "pcm16" });
    expect(Array.from(pcm16BytesToInt16(wav.data))).toEqual([1, 2]);
  });

  it("reads WAVE_FORMAT_EXTENSIBLE float and 24-bit files with their channel mask", () => {
    const float = new Uint8Array(new Float32Array([0.5, -0.25]).buffer);
    const wav = parseWav(riff(chunk("fmt ", extensibleFmt(3, 2, 48000, 32, 32)), chunk("data", Array.from(float))));
    expect(wav.format.sampleType).toBe("float32");
    expect(wav.channelMask).toBe(3);
    expect(Array.from(decodeWavSamples(wav.data, wav.format.sampleType))).toEqual([0.5, -0.25]);

    const pcm24 = parseWav(riff(chunk("fmt ", extensibleFmt(1, 1, 96000, 24, 20)), chunk("data", [0, 0, 0x80, 0xff, 0xff, 0x7f])));
    expect(pcm24.format).toEqual({ sampleRate: 96000, channels: 1, sampleType: "pcm24" });
    expect(pcm24.validBitsPerSample).toBe(20);
    expect(Array.from(decodeWavSamples(pcm24.data, "pcm24"))).toEqual([-1, 8388607 / 8388608]);
  });

  it("reads 8-bit unsigned PCM and G.711 files", () => {
    const pcm8 = parseWav(riff(chunk("fmt ", fmtBody(1, 1, 8000, 8)), chunk("data", [128, 0, 255])));
    expect(pcm8.format.sampleType).toBe("pcm8");
    expect(pcm8.frameCount).toBe(3);
    expect(Array.from(decodeWavSamples(pcm8.data, "pcm8"))).toEqual([0, -1, 127 / 128]);
    const mulaw = parseWav(riff(chunk("fmt ", [...fmtBody(7, 1, 8000, 8), ...u16(0)]), chunk("data", [0xff, 0x80])));
    expect(mulaw.format.sampleType).toBe("mulaw");
    expect(Array.from(decodeWavSamples(mulaw.data, "mulaw"))).toEqual([0, 32124 / 32768]);
  });

  it("reads a streamed file whose data size is 0xFFFFFFFF up to the end", () => {
    const wav = parseWav(riff(chunk("fmt ", fmtBody(1, 1, 16000, 16)), [...id("data"), ...u32(0xffffffff), 5, 0, 6, 0, 7]));
    expect(Array.from(pcm16BytesToInt16(wav.data))).toEqual([5, 6]);
    expect(wav.truncated).toBe(false);
  });

  it("throws on truncated data unless allowed, then returns the whole frames present", () => {
    const bytes = riff(chunk("fmt ", fmtBody(1, 2, 16000, 16)), chunk("data", [1, 0, 2, 0, 3, 0], 400));
    expect(() => parseWav(bytes)).toThrow(/^Truncated WAV: the data chunk declares 400 bytes but only 6 remain/);
    const wav = parseWav(bytes, { allowTruncated: true });
    expect(wav.truncated).toBe(true);
    expect(wav.frameCount).toBe(1);
    expect(() => parseWav(bytes.subarray(0, 30))).toThrow(/^Truncated WAV: the fmt chunk/);
  });

  it("names what is wrong with files it cannot read", () => {
    expect(() => parseWav(new Uint8Array(100))).toThrow(/^Not a WAV file/);
    const rifx = riff(chunk("fmt ", fmtBody(1, 1, 8000, 16)), chunk("data", []));
    rifx[3] = 0x58;
    expect(() => parseWav(rifx)).toThrow(/^Unsupported WAV container RIFX/);
    expect(() => parseWav(riff(chunk("fmt ", fmtBody(2, 1, 8000, 4)), chunk("data", [])))).toThrow(
      /^Unsupported WAV encoding: format tag 0x0002 with 4-bit samples/,
    );
    expect(() => parseWav(riff(chunk("data", [0, 0])))).toThrow(/^Malformed WAV: no fmt chunk/);
    expect(() => parseWav(riff(chunk("fmt ", fmtBody(1, 1, 8000, 16))))).toThrow(/^Malformed WAV: no data chunk/);
    expect(() => parseWav(riff(chunk("fmt ", fmtBody(1, 12, 8000, 16)), chunk("data", [])))).toThrow(/WAV fmt.channels/);
    expect(() => parseWav("RIFF" as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe("writeWav", () => {
  it("writes the canonical 44-byte PCM16 header", () => {
    const bytes = writeWav({ sampleRate: 24000, channels: 1, sampleType: "pcm16" }, new Int16Array([1, -2]));
    expect(bytes.length).toBe(48);
    expect(Array.from(bytes.subarray(0, 44))).toEqual([
      ...id("RIFF"), ...u32(40), ...id("WAVE"), ...id("fmt "), ...u32(16),
      ...fmtBody(1, 1, 24000, 16), ...id("data"), ...u32(4),
    ]);
    expect(Array.from(bytes.subarray(44))).toEqual([1, 0, 0xfe, 0xff]);
  });

  it("round-trips every sample type, mono and stereo, with a pad byte after odd data", () => {
    const types: WavSampleType[] = ["pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64", "mulaw", "alaw"];
    const source = new Float32Array([0, 0.5, -0.5, 0.25, -1, 0.75]);
    for (const sampleType of types) {
      for (const channels of [1, 2, 3]) {
        const data = encodeWavSamples(source, sampleType);
        const bytes = writeWav({ sampleRate: 22050, channels, sampleType }, data);
        expect(bytes.length % 2).toBe(0);
        const wav = parseWav(bytes);
        expect(wav.format).toEqual({ sampleRate: 22050, channels, sampleType });
        expect(wav.data).toEqual(data);
        expect(wav.frameCount).toBe(6 / channels);
        const decoded = decodeWavSamples(wav.data, sampleType);
        // G.711 steps near 0.75 are 1/32 of full scale; 8-bit PCM has 1/128 steps.
        const tolerance = sampleType === "mulaw" || sampleType === "alaw" ? 1 / 32 : sampleType === "pcm8" ? 1 / 256 : 1e-7;
        for (let i = 0; i < source.length; i++) expect(Math.abs(decoded[i]! - source[i]!)).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it("rejects data that does not match the format", () => {
    const format = { sampleRate: 16000, channels: 2, sampleType: "pcm16" } as const;
    expect(() => writeWav(format, new Uint8Array(6))).toThrow(/not a whole number of 4-byte frames/);
    expect(() => writeWav(format, new Float32Array(4))).toThrow(TypeError);
    expect(() => writeWav({ ...format, sampleType: "adpcm" as WavSampleType }, new Uint8Array(4))).toThrow(
      /format.sampleType must be one of/,
    );
  });
});
