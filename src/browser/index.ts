/**
 * `voicelive-client/browser`: microphone and speaker adapters built on AudioWorklet.
 *
 * `MicrophoneSource` and `SpeakerSink` are not released yet; this entry exists so that
 * the package layout and its type resolution are fixed from 0.1.0 on.
 */
export {};
