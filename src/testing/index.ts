/**
 * `voicelive-client/testing`: a local Voice Live simulator for tests and demos, with
 * scripted responses, fault injection and session record/replay. Node only.
 */
export { VoiceLiveSimulator } from "./simulator.js";
export type { VoiceLiveSimulatorOptions, TokenVerdict } from "./options.js";
export type { SimulatorSession } from "./sim-session.js";
export { SimulatorFaults, type FaultAction, type ConnectionFault, type HandshakeRefusal } from "./faults.js";
export {
  echoResponder,
  describeAudio,
  type Responder,
  type ResponderContext,
  type ResponseScript,
  type ScriptedToolCall,
  type Transcriber,
} from "./responder.js";
export { toJsonl, parseRecording, readRecording, type RecordedFrame, type SimulatorFrame } from "./recording.js";
export { SIMULATOR_ERROR_CODES } from "./session-core.js";
export { synthesizeSpeech, type SynthOptions } from "./audio-synth.js";
export { speechLevelFor } from "./vad.js";
