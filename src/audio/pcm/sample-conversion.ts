/**
 * Conversions between PCM16 little-endian bytes, `Int16Array` and `Float32Array`.
 * Float samples use one scale factor (32768) both ways, so Int16 → Float32 → Int16 is lossless.
 */

const INT16_SCALE = 32768;

// Typed arrays use the host's byte order; a zero-copy view of little-endian bytes is only
// correct on a little-endian host (every mainstream one, but the check is cheap).
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkEvenLength(bytes: Uint8Array, name: string): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array of PCM16 little-endian bytes.`);
  }
  if (bytes.byteLength % 2 !== 0) {
    throw new RangeError(
      `${name} holds ${bytes.byteLength} bytes, an odd count: PCM16 needs 2 bytes per sample, so the length must be even.`,
    );
  }
}

/**
 * Reads PCM16 little-endian bytes as an `Int16Array`: a zero-copy view of the same memory
 * when the bytes are 2-byte aligned on a little-endian host, otherwise a copy.
 * Throws `TypeError` for a non-`Uint8Array` and `RangeError` for an odd byte length.
 */
export function pcm16BytesToInt16(bytes: Uint8Array): Int16Array {
  checkEvenLength(bytes, "bytes");
  const length = bytes.byteLength / 2;
  if (HOST_IS_LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, length);
  }
  const out = new Int16Array(length);
  for (let i = 0, b = 0; i < length; i++, b += 2) {
    // Shift up then arithmetic-shift down to sign-extend the 16-bit value.
    out[i] = ((bytes[b]! | (bytes[b + 1]! << 8)) << 16) >> 16;
  }
  return out;
}

/**
 * Returns the PCM16 little-endian bytes of an `Int16Array`: a zero-copy view on a
 * little-endian host, otherwise a byte-swapped copy.
 * Throws `TypeError` for anything but an `Int16Array`.
 */
export function int16ToPcm16Bytes(samples: Int16Array): Uint8Array {
  if (!(samples instanceof Int16Array)) throw new TypeError("samples must be an Int16Array.");
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0, b = 0; i < samples.length; i++, b += 2) {
    const s = samples[i]!;
    out[b] = s & 0xff;
    out[b + 1] = (s >> 8) & 0xff;
  }
  return out;
}

/**
 * Converts Int16 samples to floats in [-1, 1) by dividing by 32768.
 * Throws `TypeError` for anything but an `Int16Array`.
 */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  if (!(samples instanceof Int16Array)) throw new TypeError("samples must be an Int16Array.");
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / INT16_SCALE;
  return out;
}

/**
 * Converts float samples to Int16 by multiplying by 32768, rounding to nearest and clamping
 * to [-32768, 32767]; NaN becomes 0. Throws `TypeError` for anything but a `Float32Array`.
 */
export function float32ToInt16(samples: Float32Array): Int16Array {
  if (!(samples instanceof Float32Array)) throw new TypeError("samples must be a Float32Array.");
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * INT16_SCALE);
    // The comparisons are false for NaN, which leaves the typed-array store to turn it into 0.
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * Converts PCM16 little-endian bytes straight to floats in [-1, 1).
 * Throws `TypeError` for a non-`Uint8Array` and `RangeError` for an odd byte length.
 */
export function pcm16BytesToFloat32(bytes: Uint8Array): Float32Array {
  return int16ToFloat32(pcm16BytesToInt16(bytes));
}

/**
 * Converts floats to PCM16 little-endian bytes (scaled by 32768, rounded, clamped).
 * Throws `TypeError` for anything but a `Float32Array`.
 */
export function float32ToPcm16Bytes(samples: Float32Array): Uint8Array {
  return int16ToPcm16Bytes(float32ToInt16(samples));
}
