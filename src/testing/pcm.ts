import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from "../audio/pcm/g711.js";
import { int16ToPcm16Bytes, pcm16BytesToInt16 } from "../audio/pcm/sample-conversion.js";

/** Reads little-endian 16-bit samples; a trailing odd byte is ignored. */
const pcm16FromBytes = (bytes: Uint8Array): Int16Array => pcm16BytesToInt16(bytes.subarray(0, bytes.length & ~1));

/** Sample rate of each output audio format (REFERENCE §6). */
export const OUTPUT_SAMPLE_RATES = {
  pcm16: 24000,
  pcm16_16000hz: 16000,
  pcm16_8000hz: 8000,
  g711_ulaw: 8000,
  g711_alaw: 8000,
} as const;

/** Bytes of one sample in each wire audio format. */
export function bytesPerSample(format: string): number {
  return format.startsWith("g711") ? 1 : 2;
}

/** Decodes input audio bytes in a session input format to mono 16-bit samples. */
export function decodeInputAudio(bytes: Uint8Array, format: string, channels = 1): Int16Array {
  let samples: Int16Array;
  if (format === "g711_ulaw") samples = decodeMuLaw(bytes);
  else if (format === "g711_alaw") samples = decodeALaw(bytes);
  else samples = pcm16FromBytes(bytes);
  if (channels !== 2) return samples;
  // With a client echo reference, channel 0 is the microphone (REFERENCE §4.1).
  const mono = new Int16Array(samples.length >> 1);
  for (let i = 0; i < mono.length; i++) mono[i] = samples[i * 2]!;
  return mono;
}

/** Encodes mono 16-bit samples in an output audio format. */
export function encodeOutputAudio(samples: Int16Array, format: string): Uint8Array {
  if (format === "g711_ulaw") return encodeMuLaw(samples);
  if (format === "g711_alaw") return encodeALaw(samples);
  return int16ToPcm16Bytes(samples);
}

/** Resamples by linear interpolation; good enough for synthetic test audio. */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  const length = Math.floor((samples.length * toRate) / fromRate);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const position = (i * fromRate) / toRate;
    const index = Math.floor(position);
    const a = samples[index] ?? 0;
    const b = samples[index + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (position - index));
  }
  return out;
}

/** Root-mean-square level of a range of samples, as a fraction of full scale (0–1). */
export function rmsLevel(samples: Int16Array, start = 0, end = samples.length): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = samples[i]! / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / (end - start));
}
