/**
 * G.711 μ-law and A-law codecs (ITU-T G.711), small enough to keep inside the simulator:
 * the simulator decodes G.711 input to measure speech energy and encodes G.711 output.
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

/** Decodes one μ-law byte to a 16-bit sample. */
export function decodeMulawSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Encodes one 16-bit sample as a μ-law byte. */
export function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), MULAW_CLIP) + MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = sign | (exponent << 4) | mantissa;
  return ~magnitude & 0xff;
}

/** Decodes one A-law byte to a 16-bit sample. */
export function decodeAlawSample(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (magnitude > 32767) magnitude = 32767;
  return a & 0x80 ? magnitude : -magnitude;
}

/** Encodes one 16-bit sample as an A-law byte. */
export function encodeAlawSample(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32767);
  let byte: number;
  if (magnitude < 256) {
    byte = magnitude >> 4;
  } else {
    let exponent = 1;
    while (exponent < 7 && magnitude >= 256 << exponent) exponent++;
    byte = (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0f);
  }
  return (byte | sign) ^ 0x55;
}

/** Decodes a G.711 byte stream to 16-bit samples. */
export function decodeG711(bytes: Uint8Array, law: "ulaw" | "alaw"): Int16Array {
  const out = new Int16Array(bytes.length);
  const decodeSample = law === "ulaw" ? decodeMulawSample : decodeAlawSample;
  for (let i = 0; i < bytes.length; i++) out[i] = decodeSample(bytes[i]!);
  return out;
}

/** Encodes 16-bit samples as a G.711 byte stream. */
export function encodeG711(samples: Int16Array, law: "ulaw" | "alaw"): Uint8Array {
  const out = new Uint8Array(samples.length);
  const encodeSample = law === "ulaw" ? encodeMulawSample : encodeAlawSample;
  for (let i = 0; i < samples.length; i++) out[i] = encodeSample(samples[i]!);
  return out;
}
