export * from "./errors/index.js";
export * from "./protocol/index.js";
export * from "./events/index.js";
export {
  createBase64Codec,
  decodeBase64,
  encodeBase64,
  base64Backend,
  base64DecodedLength,
  type Base64Backend,
  type Base64Codec,
} from "./encoding/base64.js";
export * from "./audio/index.js";
export * from "./client/index.js";
export * from "./client/extra-exports.js";
export * from "./url/index.js";
export * from "./auth/index.js";
export type { Transport, TransportFactory, TransportHandlers, TransportOpenOptions, WebSocketConstructor } from "./transport/index.js";
export { EchoReferenceSource, type EchoReferenceSourceOptions } from "./audio/echo-reference-source.js";
export { TappedSink, isPlaybackTap, type PlaybackTap, type PlayedAudioListener, type TappedSinkOptions } from "./audio/echo-tapped-sink.js";
export { echoReferenceSessionConfig, type EchoReferenceSessionConfig } from "./audio/echo-session-config.js";
