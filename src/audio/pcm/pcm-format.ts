/**
 * The shape of a PCM16 stream (signed 16-bit little-endian, interleaved) and the
 * byte/time arithmetic every chunker, source and sink shares.
 */

/** A PCM16 stream's sample rate and channel count; the sample type is always signed 16-bit little-endian. */
export interface PcmFormat {
  /** Samples per second per channel, a positive integer (24000 is the Voice Live default). */
  readonly sampleRate: number;
  /** Interleaved channels, 1 to 8. */
  readonly channels: number;
}

/** Bytes in one PCM16 sample. */
export const PCM16_BYTES_PER_SAMPLE = 2;

/** The most channels a `PcmFormat` may have (7.1 surround). */
export const MAX_PCM_CHANNELS = 8;

/**
 * Checks that a value is a usable `PcmFormat` and returns it.
 * Throws `TypeError` when it is not an object, `RangeError` when the rate is not a positive
 * integer or the channel count is not an integer from 1 to 8; `name` prefixes the message.
 */
export function validatePcmFormat(format: PcmFormat, name = "format"): PcmFormat {
  if (typeof format !== "object" || format === null) {
    throw new TypeError(`${name} must be an object { sampleRate, channels }, got ${format === null ? "null" : typeof format}.`);
  }
  validateSampleRate(format.sampleRate, `${name}.sampleRate`);
  validateChannels(format.channels, `${name}.channels`);
  return format;
}

/** Checks that a sample rate is a positive safe integer; throws `RangeError` naming `name` otherwise. */
export function validateSampleRate(sampleRate: number, name = "sampleRate"): number {
  if (typeof sampleRate !== "number" || !Number.isSafeInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`${name} must be a positive integer number of hertz, got ${String(sampleRate)}.`);
  }
  return sampleRate;
}

/** Checks that a channel count is an integer from 1 to 8; throws `RangeError` naming `name` otherwise. */
export function validateChannels(channels: number, name = "channels"): number {
  if (typeof channels !== "number" || !Number.isInteger(channels) || channels < 1 || channels > MAX_PCM_CHANNELS) {
    throw new RangeError(`${name} must be an integer from 1 to ${MAX_PCM_CHANNELS}, got ${String(channels)}.`);
  }
  return channels;
}

/** Returns the bytes in one PCM16 sample frame (one sample for every channel). */
export function bytesPerFrame(format: PcmFormat): number {
  validatePcmFormat(format);
  return format.channels * PCM16_BYTES_PER_SAMPLE;
}

/**
 * Returns how many milliseconds a PCM16 byte count (or byte array) plays for, as a fraction.
 * Throws `RangeError` for a negative or non-integer byte count, or an invalid format.
 */
export function durationMs(bytes: number | Uint8Array, format: PcmFormat): number {
  const byteLength = typeof bytes === "number" ? bytes : bytes.byteLength;
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`bytes must be a non-negative integer byte count, got ${String(bytes)}.`);
  }
  return (byteLength / bytesPerFrame(format) / format.sampleRate) * 1000;
}

/**
 * Returns the PCM16 byte count of `ms` milliseconds, rounded to the nearest whole sample frame.
 * Throws `RangeError` for a negative or non-finite duration, or an invalid format.
 */
export function bytesFor(ms: number, format: PcmFormat): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`ms must be a finite, non-negative number of milliseconds, got ${String(ms)}.`);
  }
  const frameBytes = bytesPerFrame(format);
  return Math.round((ms * format.sampleRate) / 1000) * frameBytes;
}
