import { encodeBase64 } from "../encoding/base64.js";
import { encodeAudioAppend } from "../events/audio-append.js";
import type { ResponseSession } from "../protocol/session.js";
import { validatePcm } from "./validate-pcm.js";

/**
 * The `input_audio_buffer.append` frame for one chunk of audio in the session's input
 * format (G.711 has one byte per sample, PCM16 two). Comes with the session modules, so
 * the send path's checks and base64 stay out of the initial chunk.
 * @throws RangeError for an empty chunk, an odd byte length of PCM16 or a WAV header.
 */
export function audioAppendFrame(audio: Uint8Array | Int16Array | ArrayBuffer, format: ResponseSession["input_audio_format"]): string {
  const bytes = validatePcm(audio, format === "g711_ulaw" || format === "g711_alaw" ? 1 : 2);
  return encodeAudioAppend(encodeBase64(bytes));
}
