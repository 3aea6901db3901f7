export { VoiceLiveError, type VoiceLiveErrorOptions } from "./voice-live-error.js";
export {
  VoiceLiveProtocolError,
  type ProtocolErrorCode,
  type ProtocolIssue,
} from "./protocol-error.js";
export { VoiceLiveValidationError } from "./validation-error.js";
export { VoiceLiveServiceError, type ServiceErrorDetails } from "./service-error.js";
export { VoiceLiveConnectionError, type ConnectionErrorCode } from "./connection-error.js";
export { VoiceLiveAuthenticationError, type AuthenticationErrorCode } from "./authentication-error.js";
export { VoiceLiveAudioError, type AudioErrorCode, type AudioErrorDetails } from "./audio-device-error.js";
