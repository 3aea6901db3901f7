export * from "./event-map.js";
export { decode, encode, type DecodeResult, type Frame } from "./codec.js";
export { isValidatedServerEvent } from "./validated.js";
export { readAudioDeltaFrame, readDeltaFrame, AUDIO_DELTA_PREFIX, type StreamedDeltaEvent } from "./audio-delta-fast-path.js";
