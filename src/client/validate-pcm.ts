/**
 * Checks a chunk handed to `sendAudio()` and returns its bytes: raw samples only, so an
 * empty chunk, an odd byte length of 16-bit PCM (half a sample) or a WAV header is refused.
 * G.711 has one byte per sample, so any length is whole there.
 * @throws TypeError for a value that is not bytes; RangeError for the cases above.
 */
export function validatePcm(audio: Uint8Array | Int16Array | ArrayBuffer, bytesPerSample: 1 | 2 = 2): Uint8Array {
  let bytes: Uint8Array;
  if (audio instanceof Uint8Array) bytes = audio;
  else if (audio instanceof Int16Array) bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
  else if (audio instanceof ArrayBuffer) bytes = new Uint8Array(audio);
  else throw new TypeError("audio must be a Uint8Array, an Int16Array or an ArrayBuffer of PCM samples.");
  if (bytes.byteLength === 0) throw new RangeError("audio is empty; send at least one sample.");
  if (bytesPerSample === 2 && bytes.byteLength % 2 !== 0) {
    throw new RangeError(`audio has ${bytes.byteLength} bytes, an odd number: 16-bit PCM needs 2 bytes per sample.`);
  }
  if (
    bytes.byteLength >= 12 &&
    bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 &&
    bytes[8] === 0x57 && bytes[9] === 0x41 && bytes[10] === 0x56 && bytes[11] === 0x45
  ) {
    throw new RangeError("audio starts with a WAV header; send the PCM samples only (parse the file first).");
  }
  return bytes;
}
