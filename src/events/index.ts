export * from "./event-map.js";
export { decode, encode, isValidatedServerEvent, type DecodeResult, type Frame } from "./codec.js";
export { readAudioDeltaFrame, AUDIO_DELTA_PREFIX } from "./audio-delta-fast-path.js";
