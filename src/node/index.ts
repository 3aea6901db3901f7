/**
 * `voicelive-client/node`: Node-only audio adapters. WAV files, byte streams and
 * command-line recorders/players (sox, ffmpeg/ffplay, arecord/aplay) as `AudioSource` and
 * `AudioSink`, and the browser relay (`createVoiceLiveRelay`) that keeps Azure secrets on the server.
 */
export { WavFileSource, type WavFileSourceOptions } from "./wav-file-source.js";
export { WavFileSink, type WavFileSinkOptions } from "./wav-file-sink.js";
export { ReadableSource, type ReadableSourceOptions } from "./readable-source.js";
export { WritableSink, type WritableSinkOptions } from "./writable-sink.js";
export { CommandSource, type CommandSourceOptions } from "./command-source.js";
export { CommandSink, type CommandSinkOptions } from "./command-sink.js";
export { RECORDER_PRESETS, recorderCommand, type RecorderPreset } from "./recorder-command.js";
export { PLAYER_PRESETS, playerCommand, type PlayerPreset } from "./player-command.js";
export type { AudioCommand, AudioCommandPresetOptions } from "./audio-command.js";
export {
  createVoiceLiveRelay,
  DEFAULT_ALLOWED_EVENT_TYPES,
  RELAY_ERROR_CODES,
  type RelayAttachOptions,
  type RelayAuthorization,
  type RelayCloseInfo,
  type RelayConnectionInfo,
  type RelayErrorInfo,
  type RelayErrorStage,
  type RelayGrant,
  type VoiceLiveRelay,
  type VoiceLiveRelayOptions,
} from "./relay/index.js";
export { createCommandEchoReference, type CommandEchoReferenceOptions, type EchoReferenceKit } from "./echo-reference.js";
