/**
 * Serializes `input_audio_buffer.append` for base64 audio the caller already holds,
 * without re-scanning the audio for characters to escape (base64 has none). Needs no
 * schema, so the send path stays out of the validation module.
 */
export function encodeAudioAppend(base64Audio: string, eventId?: string): string {
  return eventId === undefined
    ? `{"type":"input_audio_buffer.append","audio":"${base64Audio}"}`
    : `{"type":"input_audio_buffer.append","event_id":${JSON.stringify(eventId)},"audio":"${base64Audio}"}`;
}
