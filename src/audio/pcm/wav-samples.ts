/**
 * Converts WAV sample bytes of any supported type to and from floats in [-1, 1].
 */
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from "./g711.js";
import { float32ToInt16, int16ToFloat32, pcm16BytesToInt16 } from "./sample-conversion.js";
import { WAV_SAMPLE_TYPES, wavSampleTypeInfo, type WavSampleType } from "./wav-format.js";

function checkType(sampleType: WavSampleType): void {
  if (!(WAV_SAMPLE_TYPES as readonly string[]).includes(sampleType)) {
    throw new RangeError(`sampleType must be one of ${WAV_SAMPLE_TYPES.join(", ")}, got ${String(sampleType)}.`);
  }
}

const clamp = (v: number, max: number): number => (v > max ? max : v < -max - 1 ? -max - 1 : v);

/**
 * Decodes little-endian sample bytes of `sampleType` to interleaved floats in [-1, 1]
 * (integer types divide by 2^(bits-1); 8-bit PCM is unsigned around 128).
 * Throws `TypeError` for a non-`Uint8Array` and `RangeError` for an unknown type or a
 * length that is not a whole number of samples.
 */
export function decodeWavSamples(data: Uint8Array, sampleType: WavSampleType): Float32Array {
  if (!(data instanceof Uint8Array)) throw new TypeError("data must be a Uint8Array of WAV sample bytes.");
  checkType(sampleType);
  const size = wavSampleTypeInfo(sampleType).bits / 8;
  if (data.length % size !== 0) {
    throw new RangeError(`data holds ${data.length} bytes, not a whole number of ${size}-byte ${sampleType} samples.`);
  }
  const count = data.length / size;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Float32Array(count);
  switch (sampleType) {
    case "pcm16":
      return int16ToFloat32(pcm16BytesToInt16(data));
    case "mulaw":
      return int16ToFloat32(decodeMuLaw(data));
    case "alaw":
      return int16ToFloat32(decodeALaw(data));
    case "pcm8":
      for (let i = 0; i < count; i++) out[i] = (data[i]! - 128) / 128;
      return out;
    case "pcm24":
      for (let i = 0, b = 0; i < count; i++, b += 3) {
        out[i] = (((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16)) << 8) >> 8) / 8388608;
      }
      return out;
    case "pcm32":
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true) / 2147483648;
      return out;
    case "float32":
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    case "float64":
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
  }
}

/**
 * Encodes floats in [-1, 1] as little-endian sample bytes of `sampleType`, rounding and
 * clamping for integer types. Throws `TypeError` for a non-`Float32Array` and `RangeError`
 * for an unknown type.
 */
export function encodeWavSamples(samples: Float32Array, sampleType: WavSampleType): Uint8Array {
  if (!(samples instanceof Float32Array)) throw new TypeError("samples must be a Float32Array.");
  checkType(sampleType);
  const size = wavSampleTypeInfo(sampleType).bits / 8;
  const out = new Uint8Array(samples.length * size);
  const view = new DataView(out.buffer);
  switch (sampleType) {
    case "pcm16": {
      const ints = float32ToInt16(samples);
      for (let i = 0; i < ints.length; i++) view.setInt16(i * 2, ints[i]!, true);
      return out;
    }
    case "mulaw":
      return encodeMuLaw(float32ToInt16(samples));
    case "alaw":
      return encodeALaw(float32ToInt16(samples));
    case "pcm8":
      for (let i = 0; i < samples.length; i++) out[i] = (clamp(Math.round(samples[i]! * 128), 127) || 0) + 128;
      return out;
    case "pcm24":
      for (let i = 0, b = 0; i < samples.length; i++, b += 3) {
        const v = clamp(Math.round(samples[i]! * 8388608), 8388607);
        out[b] = v & 0xff;
        out[b + 1] = (v >> 8) & 0xff;
        out[b + 2] = (v >> 16) & 0xff;
      }
      return out;
    case "pcm32":
      for (let i = 0; i < samples.length; i++) view.setInt32(i * 4, clamp(Math.round(samples[i]! * 2147483648), 2147483647), true);
      return out;
    case "float32":
      for (let i = 0; i < samples.length; i++) view.setFloat32(i * 4, samples[i]!, true);
      return out;
    case "float64":
      for (let i = 0; i < samples.length; i++) view.setFloat64(i * 8, samples[i]!, true);
      return out;
  }
}
