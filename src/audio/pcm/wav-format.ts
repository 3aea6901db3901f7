/**
 * The sample types a WAV file can carry here, and the fmt-chunk codes that name them.
 */
import { validatePcmFormat } from "./pcm-format.js";

/** Sample encodings `parseWav` reads and `writeWav` writes. */
export const WAV_SAMPLE_TYPES = ["pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64", "mulaw", "alaw"] as const;

/** One of `WAV_SAMPLE_TYPES`: integer PCM (8-bit unsigned, others signed), IEEE float, or G.711. */
export type WavSampleType = (typeof WAV_SAMPLE_TYPES)[number];

/** A WAV stream's rate, channel count and sample encoding. */
export interface WavFormat {
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Interleaved channels, 1 to 8. */
  readonly channels: number;
  /** How each sample is stored. */
  readonly sampleType: WavSampleType;
}

/** The fmt-chunk `wFormatTag` values this module knows. */
export const WAV_FORMAT_TAG = {
  pcm: 0x0001,
  ieeeFloat: 0x0003,
  alaw: 0x0006,
  mulaw: 0x0007,
  extensible: 0xfffe,
} as const;

interface SampleTypeInfo {
  readonly bits: number;
  readonly formatTag: number;
}

const SAMPLE_TYPE_INFO: Readonly<Record<WavSampleType, SampleTypeInfo>> = {
  pcm8: { bits: 8, formatTag: WAV_FORMAT_TAG.pcm },
  pcm16: { bits: 16, formatTag: WAV_FORMAT_TAG.pcm },
  pcm24: { bits: 24, formatTag: WAV_FORMAT_TAG.pcm },
  pcm32: { bits: 32, formatTag: WAV_FORMAT_TAG.pcm },
  float32: { bits: 32, formatTag: WAV_FORMAT_TAG.ieeeFloat },
  float64: { bits: 64, formatTag: WAV_FORMAT_TAG.ieeeFloat },
  mulaw: { bits: 8, formatTag: WAV_FORMAT_TAG.mulaw },
  alaw: { bits: 8, formatTag: WAV_FORMAT_TAG.alaw },
};

/** Returns the bits one sample of a type occupies and its fmt-chunk format tag. */
export function wavSampleTypeInfo(sampleType: WavSampleType): SampleTypeInfo {
  return SAMPLE_TYPE_INFO[sampleType];
}

/** Returns the sample type for a format tag and container bit depth, or `undefined` when unsupported. */
export function wavSampleTypeFor(formatTag: number, bits: number): WavSampleType | undefined {
  for (const type of WAV_SAMPLE_TYPES) {
    const info = SAMPLE_TYPE_INFO[type];
    if (info.formatTag === formatTag && info.bits === bits) return type;
  }
  return undefined;
}

/**
 * Checks a `WavFormat` and returns it. Throws `TypeError` when it is not an object and
 * `RangeError` for a bad rate, channel count or sample type; `name` prefixes the message.
 */
export function validateWavFormat(format: WavFormat, name = "format"): WavFormat {
  validatePcmFormat(format, name);
  if (!(WAV_SAMPLE_TYPES as readonly string[]).includes(format.sampleType)) {
    throw new RangeError(`${name}.sampleType must be one of ${WAV_SAMPLE_TYPES.join(", ")}, got ${String(format.sampleType)}.`);
  }
  return format;
}

/** Returns the bytes in one sample frame (one sample for every channel) of a WAV format. */
export function wavBlockAlign(format: WavFormat): number {
  return (SAMPLE_TYPE_INFO[format.sampleType].bits / 8) * format.channels;
}
