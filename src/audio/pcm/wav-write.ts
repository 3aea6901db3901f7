/**
 * Builds a complete WAV file in memory from a format and sample data.
 */
import { int16ToPcm16Bytes } from "./sample-conversion.js";
import { WAV_FORMAT_TAG, validateWavFormat, wavBlockAlign, wavSampleTypeInfo, type WavFormat } from "./wav-format.js";

/** Sample data `writeWav` accepts: raw little-endian bytes, or typed samples matching the format. */
export type WavWriteData = Uint8Array | Int16Array | Float32Array;

// RIFF sizes are 32-bit; the header takes the rest of the 4 GiB.
const MAX_DATA_BYTES = 0xffffffff - 64;

function dataBytes(format: WavFormat, data: WavWriteData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof Int16Array) {
    if (format.sampleType !== "pcm16") {
      throw new TypeError(`data is an Int16Array, which needs format.sampleType "pcm16", not "${format.sampleType}".`);
    }
    return int16ToPcm16Bytes(data);
  }
  if (data instanceof Float32Array) {
    if (format.sampleType !== "float32") {
      throw new TypeError(`data is a Float32Array, which needs format.sampleType "float32", not "${format.sampleType}".`);
    }
    const out = new Uint8Array(data.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
    return out;
  }
  throw new TypeError("data must be a Uint8Array of sample bytes, an Int16Array (pcm16) or a Float32Array (float32).");
}

/**
 * Returns a WAV file holding `data` in `format`: a canonical 44-byte header for integer PCM,
 * an 18-byte fmt chunk plus a fact chunk for float and G.711 (as the RIFF spec asks for
 * non-PCM data), and a pad byte after odd-sized data.
 * Throws `TypeError` when the data kind does not match the sample type, and `RangeError` for
 * an invalid format or a byte length that is not a whole number of sample frames.
 */
export function writeWav(format: WavFormat, data: WavWriteData): Uint8Array {
  validateWavFormat(format);
  const bytes = dataBytes(format, data);
  const blockAlign = wavBlockAlign(format);
  if (bytes.length % blockAlign !== 0) {
    throw new RangeError(
      `data holds ${bytes.length} bytes, not a whole number of ${blockAlign}-byte frames for ${format.channels} × ${format.sampleType}.`,
    );
  }
  if (bytes.length > MAX_DATA_BYTES) throw new RangeError(`data holds ${bytes.length} bytes; a RIFF WAV file holds under 4 GiB.`);
  const { bits, formatTag } = wavSampleTypeInfo(format.sampleType);
  const isPcm = formatTag === WAV_FORMAT_TAG.pcm;
  const fmtSize = isPcm ? 16 : 18;
  const factSize = isPcm ? 0 : 12;
  const pad = bytes.length & 1;
  const headerSize = 12 + 8 + fmtSize + factSize + 8;
  const out = new Uint8Array(headerSize + bytes.length + pad);
  const view = new DataView(out.buffer);
  const writeId = (offset: number, id: string): void => {
    for (let i = 0; i < 4; i++) out[offset + i] = id.charCodeAt(i);
  };

  writeId(0, "RIFF");
  view.setUint32(4, out.length - 8, true);
  writeId(8, "WAVE");
  writeId(12, "fmt ");
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, formatTag, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bits, true);
  let offset = 36;
  if (!isPcm) {
    view.setUint16(offset, 0, true); // cbSize: no extension bytes
    offset += 2;
    writeId(offset, "fact");
    view.setUint32(offset + 4, 4, true);
    view.setUint32(offset + 8, bytes.length / blockAlign, true);
    offset += 12;
  }
  writeId(offset, "data");
  view.setUint32(offset + 4, bytes.length, true);
  out.set(bytes, offset + 8);
  return out;
}
