/**
 * Base64 (RFC 4648 §4, standard alphabet, padding optional) on whatever the runtime
 * does fastest: `Uint8Array.fromBase64` where it exists, Node's `Buffer` found through
 * `globalThis` (no `node:buffer` import, so browser bundles stay clean), and a
 * table-driven codec everywhere else. All three accept and reject the same inputs.
 */

/** Which implementation a codec uses. */
export type Base64Backend = "native" | "buffer" | "table";

/** A base64 encoder/decoder pair. */
export interface Base64Codec {
  readonly backend: Base64Backend;
  /** Decodes standard base64; throws `RangeError` on any other character or a bad length. */
  decode(text: string): Uint8Array;
  /** Encodes bytes as padded standard base64. */
  encode(bytes: Uint8Array): string;
}

interface NativeUint8ArrayConstructor {
  fromBase64?: (text: string) => Uint8Array;
}
interface NativeUint8Array {
  toBase64?: () => string;
}
interface BufferLike {
  from(text: string, encoding: "base64"): Uint8Array;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: "base64"): string };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INVALID = 255;
const DECODE_TABLE = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) DECODE_TABLE[ALPHABET.charCodeAt(i)] = i;

const invalid = (text: string): RangeError =>
  new RangeError(`Invalid base64 input (${text.length} characters): only A–Z a–z 0–9 + / and trailing = are allowed.`);

/** The number of bytes a well-formed base64 text decodes to, or -1 for an impossible length. */
export function base64DecodedLength(text: string): number {
  let length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) === 61 /* = */) {
    length--;
    if (length > 0 && text.charCodeAt(length - 1) === 61) length--;
    // Padding, when present, must complete a 4-character group.
    if (text.length % 4 !== 0) return -1;
  }
  const remainder = length % 4;
  if (remainder === 1) return -1;
  return ((length - remainder) / 4) * 3 + (remainder === 0 ? 0 : remainder - 1);
}

function tableDecode(text: string): Uint8Array {
  const size = base64DecodedLength(text);
  if (size < 0) throw invalid(text);
  const out = new Uint8Array(size);
  let o = 0;
  let i = 0;
  const full = size - (size % 3);
  while (o < full) {
    const a = DECODE_TABLE[text.charCodeAt(i++)]!;
    const b = DECODE_TABLE[text.charCodeAt(i++)]!;
    const c = DECODE_TABLE[text.charCodeAt(i++)]!;
    const d = DECODE_TABLE[text.charCodeAt(i++)]!;
    if ((a | b | c | d) === INVALID || a > 63 || b > 63 || c > 63 || d > 63) throw invalid(text);
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  const tail = size % 3;
  if (tail > 0) {
    const a = DECODE_TABLE[text.charCodeAt(i)]!;
    const b = DECODE_TABLE[text.charCodeAt(i + 1)]!;
    const c = tail === 2 ? DECODE_TABLE[text.charCodeAt(i + 2)]! : 0;
    if (a > 63 || b > 63 || c > 63) throw invalid(text);
    out[o] = (a << 2) | (b >> 4);
    if (tail === 2) out[o + 1] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}

function tableEncode(bytes: Uint8Array): string {
  let out = "";
  const full = bytes.length - (bytes.length % 3);
  let i = 0;
  // Build in blocks so long audio does not create one string per character.
  const parts: string[] = [];
  while (i < full) {
    const n = (bytes[i++]! << 16) | (bytes[i++]! << 8) | bytes[i++]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    if (out.length >= 8192) {
      parts.push(out);
      out = "";
    }
  }
  const tail = bytes.length - full;
  if (tail === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + "==";
  } else if (tail === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + "=";
  }
  parts.push(out);
  return parts.join("");
}

const tableCodec: Base64Codec = { backend: "table", decode: tableDecode, encode: tableEncode };

function nativeCodec(fromBase64: (text: string) => Uint8Array): Base64Codec {
  return {
    backend: "native",
    decode(text) {
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(text);
      } catch {
        throw invalid(text);
      }
      // fromBase64 skips ASCII white space; the other backends reject it, so must this one.
      if (bytes.length !== base64DecodedLength(text)) throw invalid(text);
      return bytes;
    },
    encode(bytes) {
      return (bytes as NativeUint8Array).toBase64!();
    },
  };
}

function bufferCodec(buffer: BufferLike): Base64Codec {
  return {
    backend: "buffer",
    decode(text) {
      // Buffer skips characters outside the alphabet and takes the URL-safe ones; a
      // length check and two native scans make it as strict as the other backends.
      const bytes = buffer.from(text, "base64");
      if (bytes.length !== base64DecodedLength(text) || text.indexOf("-") !== -1 || text.indexOf("_") !== -1) {
        throw invalid(text);
      }
      // A plain view over the same memory: every backend returns the same class.
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    encode(bytes) {
      return buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    },
  };
}

/**
 * Returns the codec for a backend, or the fastest one available when none is named.
 * Throws `RangeError` when the named backend does not exist in this runtime.
 */
export function createBase64Codec(backend?: Base64Backend): Base64Codec {
  const fromBase64 = (Uint8Array as NativeUint8ArrayConstructor).fromBase64;
  const hasNative =
    typeof fromBase64 === "function" && typeof (Uint8Array.prototype as NativeUint8Array).toBase64 === "function";
  const buffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (backend === undefined) backend = hasNative ? "native" : buffer ? "buffer" : "table";
  switch (backend) {
    case "native":
      if (!hasNative) throw new RangeError("base64 backend \"native\" needs Uint8Array.fromBase64, which this runtime lacks.");
      return nativeCodec(fromBase64.bind(Uint8Array));
    case "buffer":
      if (!buffer) throw new RangeError("base64 backend \"buffer\" needs Node's Buffer, which this runtime lacks.");
      return bufferCodec(buffer);
    case "table":
      return tableCodec;
    default:
      throw new RangeError(`Unknown base64 backend "${String(backend)}": use "native", "buffer" or "table".`);
  }
}

const best = createBase64Codec();

/** Decodes standard base64 with the fastest backend; throws `RangeError` on invalid input. */
export const decodeBase64: (text: string) => Uint8Array = best.decode;

/** Encodes bytes as padded standard base64 with the fastest backend. */
export const encodeBase64: (bytes: Uint8Array) => string = best.encode;

/** The backend `decodeBase64` / `encodeBase64` use in this runtime. */
export const base64Backend: Base64Backend = best.backend;
