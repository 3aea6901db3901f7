import type { KeyCredential, TokenCredential } from "@azure/core-auth";
import type { TokenCache } from "./token-cache.js";

/** What the SDK accepts as `credential`: an Entra ID token credential or a resource key. */
export type VoiceLiveCredential = TokenCredential | KeyCredential;

/** Where the handshake runs: Node can send headers, browsers cannot. */
export type HandshakeRuntime = "node" | "browser";

/** How `resolveHandshakeAuth` authenticates one handshake. */
export interface HandshakeAuthOptions {
  readonly runtime: HandshakeRuntime;
  /** The cache for this token credential; without one, every call asks the credential. */
  readonly tokenCache?: TokenCache | undefined;
  /**
   * Lets a browser send an Entra token as the `authorization` query parameter, which the
   * service does not document and which exposes the token to anything that logs URLs.
   * @default false
   */
  readonly allowCredentialInUrl?: boolean | undefined;
  /** Fetch a new token instead of the cached one (after a handshake 401). */
  readonly forceRefresh?: boolean | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** Headers and query entries that authenticate one handshake; never show either. */
export interface HandshakeAuth {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

/**
 * True for an Entra ID `TokenCredential`: an object with a `getToken` method. One that also
 * has `signRequest` (an ms-rest `ServiceClientCredentials`) counts only when its `getToken`
 * declares parameters: the rule of `@azure/core-auth`'s `isTokenCredential`, written here
 * because importing that package's entry on the connect path would bring `@azure/core-util`
 * into a browser's initial chunk.
 */
export function isTokenCredential(value: unknown): value is TokenCredential {
  if (typeof value !== "object" || value === null) return false;
  const { getToken, signRequest } = value as { getToken?: unknown; signRequest?: unknown };
  return typeof getToken === "function" && (signRequest === undefined || getToken.length > 0);
}

/** True for an object with a string `key` and no `getToken`, such as `AzureKeyCredential`. */
export function isKeyCredential(value: unknown): value is KeyCredential {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { key?: unknown; getToken?: unknown };
  return typeof candidate.key === "string" && candidate.getToken === undefined;
}

// Header-safe: visible ASCII only, so a key read from a file with its newline fails here,
// with a clear message, instead of inside the WebSocket library.
const KEY_CHARS = /^[\x21-\x7E]+$/;

function readKey(credential: KeyCredential): string {
  const key = credential.key;
  if (!KEY_CHARS.test(key)) throw badKey();
  return key;
}

const badKey = (): TypeError =>
  new TypeError(
    "credential.key must be a non-empty string of visible ASCII characters without spaces; " +
      "check for a trailing newline or quotes around the key.",
  );

/**
 * The handshake auth for a key, read now: the `api-key` header on Node, the `api-key`
 * query parameter in browsers. Synchronous, so a connect with a key awaits nothing.
 * @throws TypeError for a key that cannot go in a header.
 */
export function keyHandshakeAuth(credential: KeyCredential, runtime: HandshakeRuntime): HandshakeAuth {
  const key = readKey(credential);
  return runtime === "node" ? { headers: { "api-key": key }, query: {} } : { headers: {}, query: { "api-key": key } };
}
