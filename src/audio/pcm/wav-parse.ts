/**
 * Reads RIFF/WAVE bytes into a format and a view of the sample data, without copying.
 */
import { validatePcmFormat } from "./pcm-format.js";
import { WAV_FORMAT_TAG, WAV_SAMPLE_TYPES, wavSampleTypeFor, type WavFormat } from "./wav-format.js";

/** A parsed WAV file: its format and a zero-copy view of its sample bytes. */
export interface ParsedWav {
  readonly format: WavFormat;
  /** The sample bytes (interleaved, little-endian), cut to whole sample frames; a view into the input. */
  readonly data: Uint8Array;
  /** Sample frames in `data` (one sample per channel each). */
  readonly frameCount: number;
  /** How long `data` plays, in milliseconds. */
  readonly durationMs: number;
  /** Significant bits per sample (below the container size only in some `WAVE_FORMAT_EXTENSIBLE` files). */
  readonly validBitsPerSample: number;
  /** The speaker-position mask of a `WAVE_FORMAT_EXTENSIBLE` file, else `undefined`. */
  readonly channelMask: number | undefined;
  /** True when the data chunk declared more bytes than the file holds (only with `allowTruncated`). */
  readonly truncated: boolean;
}

/** Options for `parseWav`. */
export interface ParseWavOptions {
  /** Accept a data chunk cut short (a recording still being written) instead of throwing. @default false */
  readonly allowTruncated?: boolean;
}

const ascii = (bytes: Uint8Array, offset: number): string =>
  String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);

// The fixed tail of KSDATAFORMAT_SUBTYPE_* GUIDs; the first two bytes carry the format tag.
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

// Streaming writers that cannot seek back leave this size in the data chunk header.
const UNKNOWN_SIZE = 0xffffffff;

/**
 * Tells whether bytes start with a RIFF/WAVE header (also the RIFX and RF64 variants),
 * e.g. to reject a WAV file sent where raw PCM is expected.
 */
export function isWav(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length < 12) return false;
  const riff = ascii(bytes, 0);
  return (riff === "RIFF" || riff === "RIFX" || riff === "RF64") && ascii(bytes, 8) === "WAVE";
}

interface FmtChunk {
  format: WavFormat;
  blockAlign: number;
  validBitsPerSample: number;
  channelMask: number | undefined;
}

function parseFmt(view: DataView, start: number, size: number): FmtChunk {
  if (size < 16) throw new RangeError(`Malformed WAV: the fmt chunk is ${size} bytes, at least 16 are needed.`);
  let formatTag = view.getUint16(start, true);
  const channels = view.getUint16(start + 2, true);
  const sampleRate = view.getUint32(start + 4, true);
  const blockAlign = view.getUint16(start + 12, true);
  const bits = view.getUint16(start + 14, true);
  let validBitsPerSample = bits;
  let channelMask: number | undefined;
  if (formatTag === WAV_FORMAT_TAG.extensible) {
    if (size < 40) {
      throw new RangeError(`Malformed WAV: a WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes, 40 are needed.`);
    }
    validBitsPerSample = view.getUint16(start + 18, true) || bits;
    channelMask = view.getUint32(start + 20, true);
    formatTag = view.getUint16(start + 24, true);
    for (let i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
      if (view.getUint8(start + 26 + i) !== SUBFORMAT_GUID_TAIL[i]) {
        throw new RangeError("Unsupported WAV encoding: the WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a standard one.");
      }
    }
  }
  const sampleType = wavSampleTypeFor(formatTag, bits);
  if (sampleType === undefined) {
    const tag = `0x${formatTag.toString(16).padStart(4, "0")}`;
    throw new RangeError(
      `Unsupported WAV encoding: format tag ${tag} with ${bits}-bit samples; supported: ${WAV_SAMPLE_TYPES.join(", ")}.`,
    );
  }
  validatePcmFormat({ sampleRate, channels }, "WAV fmt");
  if (blockAlign !== (bits / 8) * channels) {
    throw new RangeError(`Malformed WAV: block align ${blockAlign} does not match ${channels} × ${bits}-bit samples.`);
  }
  return { format: { sampleRate, channels, sampleType }, blockAlign, validBitsPerSample, channelMask };
}

/**
 * Parses a WAV file held in memory: PCM 8/16/24/32-bit, IEEE float 32/64-bit, G.711 μ-law
 * and A-law, plain or `WAVE_FORMAT_EXTENSIBLE`, any rate, 1 to 8 channels. Unknown chunks
 * (LIST, fact, cue …) are skipped, odd-sized chunks honour their pad byte, and a data size
 * of 0xFFFFFFFF (a streamed file) means "to the end". A partial trailing frame is dropped.
 * Throws `TypeError` for a non-`Uint8Array`; `RangeError` starting "Not a WAV file",
 * "Truncated WAV", "Unsupported WAV" or "Malformed WAV" for bad input.
 */
export function parseWav(bytes: Uint8Array, options: ParseWavOptions = {}): ParsedWav {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("bytes must be a Uint8Array holding a WAV file.");
  if (!isWav(bytes)) {
    throw new RangeError(`Not a WAV file: ${bytes.length} bytes without a RIFF/WAVE header.`);
  }
  const riff = ascii(bytes, 0);
  if (riff !== "RIFF") {
    throw new RangeError(`Unsupported WAV container ${riff}: only little-endian RIFF files under 4 GiB are read.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  // Trust the RIFF size only to stop before trailing junk; writers often leave it wrong.
  const end = riffSize >= 4 && 8 + riffSize < bytes.length ? 8 + riffSize : bytes.length;

  let fmt: FmtChunk | undefined;
  let dataStart = -1;
  let dataSize = 0;
  let offset = 12;
  while (offset + 8 <= end) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (body + size > end) throw new RangeError(`Truncated WAV: the fmt chunk needs ${size} bytes, ${end - body} remain.`);
      fmt = parseFmt(view, body, size);
    } else if (id === "data" && dataStart < 0) {
      dataStart = body;
      dataSize = size;
      if (body + size > end) break;
    }
    offset = body + size + (size & 1);
  }

  if (fmt === undefined) {
    throw new RangeError(
      dataStart >= 0 ? "Malformed WAV: no fmt chunk before the end of the data." : "Malformed WAV: no fmt chunk.",
    );
  }
  if (dataStart < 0) throw new RangeError("Malformed WAV: no data chunk.");

  let truncated = false;
  let available = dataSize;
  if (dataStart + dataSize > end) {
    available = end - dataStart;
    if (dataSize !== UNKNOWN_SIZE) {
      if (options.allowTruncated !== true) {
        throw new RangeError(
          `Truncated WAV: the data chunk declares ${dataSize} bytes but only ${available} remain (pass allowTruncated to read them).`,
        );
      }
      truncated = true;
    }
  }
  const frameCount = Math.floor(available / fmt.blockAlign);
  const data = bytes.subarray(dataStart, dataStart + frameCount * fmt.blockAlign);
  return {
    format: fmt.format,
    data,
    frameCount,
    durationMs: (frameCount / fmt.format.sampleRate) * 1000,
    validBitsPerSample: fmt.validBitsPerSample,
    channelMask: fmt.channelMask,
    truncated,
  };
}
