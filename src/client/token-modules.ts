/**
 * What only token credentials need: the token cache and the token handshake. The first
 * connect with a token credential loads this file (`loadTokenModules`); apps that connect
 * with a key or through a relay never fetch it.
 */
export { TokenCache } from "../auth/token-cache.js";
export { resolveHandshakeAuth } from "../auth/handshake-auth.js";
export { startWithToken } from "./token-attempt.js";
