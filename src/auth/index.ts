export { resolveHandshakeAuth } from "./handshake-auth.js";
export {
  isKeyCredential,
  type HandshakeAuth,
  type HandshakeAuthOptions,
  type HandshakeRuntime,
  type VoiceLiveCredential,
} from "./credential.js";
export {
  DEFAULT_TOKEN_SCOPES,
  TokenCache,
  type GetCachedTokenOptions,
  type TokenCacheOptions,
} from "./token-cache.js";
