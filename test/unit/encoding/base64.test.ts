import { describe, expect, it } from "vitest";
import { base64Backend, base64DecodedLength, createBase64Codec, type Base64Backend } from "../../../src/index.js";

const hasNative = typeof (Uint8Array as { fromBase64?: unknown }).fromBase64 === "function";
const backends: Base64Backend[] = ["buffer", "table"];
// Uint8Array.fromBase64 ships in Node 25+ and current browsers; Node 20 and 22 lack it, so
// there the native backend is exercised by the browser suite instead of here.
if (hasNative) backends.push("native");
else console.info("base64: Uint8Array.fromBase64 is missing in this Node; the native backend is tested where it exists.");

const random = (length: number, seed: number) => {
  const bytes = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) bytes[i] = (s = (s * 1103515245 + 12345) & 0x7fffffff) >> 16;
  return bytes;
};

describe("base64", () => {
  it("picks the fastest backend the runtime has", () => {
    expect(base64Backend).toBe(hasNative ? "native" : "buffer");
  });

  it("refuses a backend the runtime lacks with a clear RangeError", () => {
    if (!hasNative) expect(() => createBase64Codec("native")).toThrow(/Uint8Array\.fromBase64/);
    expect(() => createBase64Codec("nope" as Base64Backend)).toThrow(RangeError);
  });

  it.each(backends)("%s: encodes RFC 4648 test vectors", (backend) => {
    const codec = createBase64Codec(backend);
    const vectors: [string, string][] = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(codec.encode(bytes)).toBe(encoded);
      expect(codec.decode(encoded)).toEqual(bytes);
    }
  });

  it("gives identical results on every backend for random audio-sized inputs", () => {
    const codecs = backends.map((b) => createBase64Codec(b));
    for (const length of [0, 1, 2, 3, 479, 480, 960, 4800, 20000]) {
      const bytes = random(length, length + 7);
      const texts = codecs.map((c) => c.encode(bytes));
      expect(new Set(texts).size).toBe(1);
      for (const codec of codecs) expect(codec.decode(texts[0]!)).toEqual(bytes);
    }
  });

  it("encodes a view into a larger buffer using only its own bytes", () => {
    const whole = random(64, 3);
    const view = whole.subarray(5, 20);
    for (const backend of backends) {
      expect(createBase64Codec(backend).decode(createBase64Codec(backend).encode(view))).toEqual(view);
    }
  });

  it("accepts unpadded input on every backend", () => {
    for (const backend of backends) expect(createBase64Codec(backend).decode("Zm8")).toEqual(new TextEncoder().encode("fo"));
  });

  it.each(["A", "AAAAA", "AA*A", "AA A", "AA\nAA", "AA-_", "A===", "=AAA", "AA=A", "Zg=", "ÿÿÿÿ"])(
    "rejects %j on every backend",
    (text) => {
      for (const backend of backends) {
        expect(() => createBase64Codec(backend).decode(text), backend).toThrow(RangeError);
      }
    },
  );

  it("never echoes the input text in its error", () => {
    const secret = "c2VjcmV0*c2VjcmV0";
    for (const backend of backends) {
      try {
        createBase64Codec(backend).decode(secret);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });

  it("computes decoded lengths, and -1 for impossible lengths", () => {
    expect(base64DecodedLength("")).toBe(0);
    expect(base64DecodedLength("Zg==")).toBe(1);
    expect(base64DecodedLength("Zg")).toBe(1);
    expect(base64DecodedLength("Zm9vYg")).toBe(4);
    expect(base64DecodedLength("Zm9vY")).toBe(-1);
    expect(base64DecodedLength("Zg=")).toBe(-1);
  });
});
