export { createVoiceLiveRelay, type RelayAttachOptions, type VoiceLiveRelay } from "./create-voice-live-relay.js";
export type {
  RelayAuthorization,
  RelayCloseInfo,
  RelayConnectionInfo,
  RelayErrorInfo,
  RelayErrorStage,
  RelayGrant,
  VoiceLiveRelayOptions,
} from "./relay-options.js";
export { DEFAULT_ALLOWED_EVENT_TYPES } from "./allowed-event-types.js";
export { RELAY_ERROR_CODES } from "./client-frame.js";
