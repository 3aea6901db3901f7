/**
 * `voicelive-client/browser`: the microphone and the speaker as an `AudioSource` and an
 * `AudioSink`, both built on AudioWorklet, plus the pieces a strict page needs to host the
 * worklet module itself.
 */
export { MicrophoneSource, type MicrophoneSourceOptions } from "./microphone-source.js";
export { SpeakerSink, type SpeakerSinkOptions } from "./speaker-sink.js";
export type { BrowserAudioContextOptions } from "./adapter-options.js";
export { resumeOnUserGesture } from "./resume-on-user-gesture.js";
export { WORKLET_MODULE_SOURCE, loadWorkletModule } from "./worklet-module.js";
export { createBrowserEchoReference, type BrowserEchoReferenceKit, type BrowserEchoReferenceOptions } from "./echo-reference.js";
