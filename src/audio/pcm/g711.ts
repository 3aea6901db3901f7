/**
 * ITU-T G.711 μ-law and A-law companding between 8-bit codes and 16-bit linear samples.
 * Decoding uses 256-entry tables; encoding follows the standard segment search, with
 * 16-bit input scaled to the 14-bit (μ-law) and 13-bit (A-law) ranges G.711 defines.
 */

// μ-law adds a bias of 33 on the 14-bit scale (132 on the 16-bit one) so that segment
// boundaries fall on powers of two, and clips just below full scale so the sum fits.
const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

function decodeMuLawByte(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

function decodeALawByte(code: number): number {
  // Even bits are inverted on the line (the 0x55 mask) to keep ones density up.
  const a = code ^ 0x55;
  const segment = (a >> 4) & 0x07;
  let magnitude = (a & 0x0f) << 4;
  magnitude += segment === 0 ? 8 : 0x108;
  if (segment > 1) magnitude <<= segment - 1;
  return a & 0x80 ? magnitude : -magnitude;
}

const MULAW_TO_LINEAR = new Int16Array(256);
const ALAW_TO_LINEAR = new Int16Array(256);
for (let code = 0; code < 256; code++) {
  MULAW_TO_LINEAR[code] = decodeMuLawByte(code);
  ALAW_TO_LINEAR[code] = decodeALawByte(code);
}

// Bit length of a byte. A μ-law segment is the bit length of (biased magnitude >> 8) and an
// A-law segment that of (12-bit magnitude >> 5), which replaces the standard's table search.
const BIT_LENGTH = new Uint8Array(256);
for (let i = 1; i < 256; i++) BIT_LENGTH[i] = 32 - Math.clz32(i);

/** Encodes one 16-bit sample as a G.711 μ-law code. */
export function encodeMuLawSample(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > MULAW_CLIP) s = MULAW_CLIP;
  s += MULAW_BIAS;
  const exponent = BIT_LENGTH[s >> 8]!;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Encodes one 16-bit sample as a G.711 A-law code. */
export function encodeALawSample(sample: number): number {
  let s = (sample | 0) >> 3;
  let mask: number;
  if (s >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    // One's complement, so -1 lands in the lowest negative step rather than a "negative zero".
    s = -s - 1;
  }
  if (s > 0xfff) s = 0xfff;
  const segment = BIT_LENGTH[s >> 5]!;
  const mantissa = segment < 2 ? (s >> 1) & 0x0f : (s >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

/** Decodes one G.711 μ-law code to a 16-bit sample. */
export function decodeMuLawSample(code: number): number {
  return MULAW_TO_LINEAR[code & 0xff]!;
}

/** Decodes one G.711 A-law code to a 16-bit sample. */
export function decodeALawSample(code: number): number {
  return ALAW_TO_LINEAR[code & 0xff]!;
}

function checkInt16(samples: Int16Array): void {
  if (!(samples instanceof Int16Array)) throw new TypeError("samples must be an Int16Array.");
}

function checkBytes(codes: Uint8Array): void {
  if (!(codes instanceof Uint8Array)) throw new TypeError("codes must be a Uint8Array of G.711 codes.");
}

/** Encodes 16-bit samples as μ-law bytes, one per sample; throws `TypeError` for a non-`Int16Array`. */
export function encodeMuLaw(samples: Int16Array): Uint8Array {
  checkInt16(samples);
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encodeMuLawSample(samples[i]!);
  return out;
}

/** Decodes μ-law bytes to 16-bit samples; throws `TypeError` for a non-`Uint8Array`. */
export function decodeMuLaw(codes: Uint8Array): Int16Array {
  checkBytes(codes);
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = MULAW_TO_LINEAR[codes[i]!]!;
  return out;
}

/** Encodes 16-bit samples as A-law bytes, one per sample; throws `TypeError` for a non-`Int16Array`. */
export function encodeALaw(samples: Int16Array): Uint8Array {
  checkInt16(samples);
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encodeALawSample(samples[i]!);
  return out;
}

/** Decodes A-law bytes to 16-bit samples; throws `TypeError` for a non-`Uint8Array`. */
export function decodeALaw(codes: Uint8Array): Int16Array {
  checkBytes(codes);
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = ALAW_TO_LINEAR[codes[i]!]!;
  return out;
}
