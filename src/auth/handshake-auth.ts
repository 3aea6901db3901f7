/**
 * Handshake auth for any credential, tokens included. Apart from `credential.ts` because
 * only token credentials need it on the connect path: a client loads it with the token
 * cache (client/token-modules.ts), so apps that connect with a key never fetch it.
 */
import { isKeyCredential, isTokenCredential, keyHandshakeAuth, type HandshakeAuth, type HandshakeAuthOptions, type VoiceLiveCredential } from "./credential.js";
import { TokenCache } from "./token-cache.js";

const RELAY_HINT =
  "browsers cannot send the Authorization header. Run createVoiceLiveRelay from voicelive-client/node " +
  "on your server and connect the browser to it, use an AzureKeyCredential, or set allowCredentialInUrl: true " +
  "to send the token in the URL (not documented by the service).";

/**
 * Returns the headers and query entries that authenticate a handshake. A key is read at
 * every call, so `AzureKeyCredential.update()` takes effect on the next connect: Node sends
 * it as the `api-key` header only, browsers as the `api-key` query parameter. A token
 * goes in `Authorization: Bearer …` on Node; in a browser only with
 * `allowCredentialInUrl`, as `authorization=Bearer …`.
 * @throws TypeError naming `credential`, `runtime` or `tokenCache` for bad arguments, or
 *   for a token credential in a browser without `allowCredentialInUrl`, before any I/O;
 *   VoiceLiveAuthenticationError when no token can be had; AbortError when aborted.
 */
export async function resolveHandshakeAuth(
  credential: VoiceLiveCredential,
  options: HandshakeAuthOptions,
): Promise<HandshakeAuth> {
  const { runtime, tokenCache, allowCredentialInUrl = false, forceRefresh, abortSignal } = options ?? {};
  if (runtime !== "node" && runtime !== "browser") {
    throw new TypeError('runtime must be "node" or "browser".');
  }
  if (isKeyCredential(credential)) return keyHandshakeAuth(credential, runtime);
  if (!isTokenCredential(credential)) {
    throw new TypeError(
      "credential must be a TokenCredential (e.g. DefaultAzureCredential from @azure/identity) " +
        "or a KeyCredential (e.g. new AzureKeyCredential(key) from @azure/core-auth).",
    );
  }
  if (typeof allowCredentialInUrl !== "boolean") throw new TypeError("allowCredentialInUrl must be a boolean.");
  if (runtime === "browser" && !allowCredentialInUrl) {
    throw new TypeError(`credential is a TokenCredential, but ${RELAY_HINT}`);
  }
  if (tokenCache !== undefined && (!(tokenCache instanceof TokenCache) || tokenCache.credential !== credential)) {
    throw new TypeError("tokenCache must be a TokenCache created for this same credential.");
  }
  const cache = tokenCache ?? new TokenCache(credential);
  const { token } = await cache.getToken({ forceRefresh, abortSignal });
  const bearer = `Bearer ${token}`;
  return runtime === "node" ? { headers: { Authorization: bearer }, query: {} } : { headers: {}, query: { authorization: bearer } };
}
