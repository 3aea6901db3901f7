export {
  appendCredentialQuery,
  buildVoiceLiveUrl,
  DEFAULT_API_VERSION,
  REALTIME_PATH,
  type AgentTarget,
  type CredentialQuery,
  type VoiceLiveUrlOptions,
} from "./build-voice-live-url.js";
export { redactUrl, REDACTED, SHOWN_QUERY_KEYS } from "./redact-url.js";
