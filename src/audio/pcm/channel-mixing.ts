/**
 * Channel layout changes on interleaved samples: downmix, upmix, interleave, deinterleave.
 * Every function returns the same typed-array kind it was given (Int16Array or Float32Array).
 */
import { validateChannels } from "./pcm-format.js";

/** Interleaved or planar samples the channel functions accept. */
export type PcmSamples = Int16Array | Float32Array;

function checkSamples(samples: PcmSamples, name: string): void {
  if (!(samples instanceof Int16Array) && !(samples instanceof Float32Array)) {
    throw new TypeError(`${name} must be an Int16Array or a Float32Array.`);
  }
}

function allocLike<T extends PcmSamples>(like: T, length: number): T {
  return (like instanceof Int16Array ? new Int16Array(length) : new Float32Array(length)) as T;
}

function checkInterleaved(samples: PcmSamples, channels: number): void {
  checkSamples(samples, "samples");
  validateChannels(channels);
  if (samples.length % channels !== 0) {
    throw new RangeError(
      `samples has ${samples.length} values, not a whole number of ${channels}-channel frames: the length must be a multiple of channels.`,
    );
  }
}

/**
 * Averages each frame of interleaved `channels`-channel samples into one mono sample
 * (Int16 results are rounded to nearest). Throws `TypeError` for another array kind and
 * `RangeError` for a bad channel count or a length that is not a multiple of it.
 */
export function downmixToMono<T extends PcmSamples>(samples: T, channels: number): T {
  checkInterleaved(samples, channels);
  const frames = samples.length / channels;
  const out = allocLike(samples, frames);
  if (channels === 1) {
    out.set(samples);
    return out;
  }
  const round = samples instanceof Int16Array;
  for (let f = 0, i = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i++]!;
    const mean = sum / channels;
    out[f] = round ? Math.round(mean) : mean;
  }
  return out;
}

/**
 * Copies each mono sample into every one of `channels` interleaved channels.
 * Throws `TypeError` for another array kind and `RangeError` for a bad channel count.
 */
export function upmixMono<T extends PcmSamples>(samples: T, channels: number): T {
  checkSamples(samples, "samples");
  validateChannels(channels);
  const out = allocLike(samples, samples.length * channels);
  for (let f = 0, o = 0; f < samples.length; f++) {
    const s = samples[f]!;
    for (let c = 0; c < channels; c++) out[o++] = s;
  }
  return out;
}

/** Averages interleaved stereo into mono; throws `RangeError` for an odd length. */
export function stereoToMono<T extends PcmSamples>(samples: T): T {
  return downmixToMono(samples, 2);
}

/** Duplicates mono into interleaved stereo; throws `TypeError` for another array kind. */
export function monoToStereo<T extends PcmSamples>(samples: T): T {
  return upmixMono(samples, 2);
}

/**
 * Splits interleaved samples into one array per channel.
 * Throws `TypeError` for another array kind and `RangeError` for a bad channel count or a
 * length that is not a multiple of it.
 */
export function deinterleave<T extends PcmSamples>(samples: T, channels: number): T[] {
  checkInterleaved(samples, channels);
  const frames = samples.length / channels;
  const planes: T[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = allocLike(samples, frames);
    for (let f = 0, i = c; f < frames; f++, i += channels) plane[f] = samples[i]!;
    planes.push(plane);
  }
  return planes;
}

/**
 * Joins one array per channel into interleaved samples.
 * Throws `TypeError` when the planes are not all the same array kind and `RangeError` when
 * there are not 1 to 8 planes or their lengths differ.
 */
export function interleave<T extends PcmSamples>(planes: readonly T[]): T {
  if (!Array.isArray(planes)) throw new TypeError("planes must be an array of Int16Array or Float32Array channels.");
  const channels = validateChannels(planes.length, "planes.length");
  const first = planes[0]!;
  checkSamples(first, "planes[0]");
  const frames = first.length;
  for (let c = 1; c < channels; c++) {
    const plane = planes[c]!;
    if (plane.constructor !== first.constructor) {
      throw new TypeError(`planes[${c}] must be the same array kind as planes[0] (${first.constructor.name}).`);
    }
    if (plane.length !== frames) {
      throw new RangeError(`planes[${c}] has ${plane.length} samples but planes[0] has ${frames}: every plane must be the same length.`);
    }
  }
  const out = allocLike(first, frames * channels);
  for (let c = 0; c < channels; c++) {
    const plane = planes[c]!;
    for (let f = 0, o = c; f < frames; f++, o += channels) out[o] = plane[f]!;
  }
  return out;
}
