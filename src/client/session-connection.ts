import { isKeyCredential, isTokenCredential, keyHandshakeAuth, type HandshakeAuth, type VoiceLiveCredential } from "../auth/credential.js";
import type { TokenCache } from "../auth/token-cache.js";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import type { VoiceLiveError } from "../errors/voice-live-error.js";
import { startSocket, type Opening, type Starting } from "../transport/opening.js";
import type { Transport, TransportFactory } from "../transport/transport.js";
import { appendCredentialQuery } from "../url/build-voice-live-url.js";
import { redactUrl } from "../url/redact-url.js";
import { loadSessionModules, loadTokenModules } from "./load-session-modules.js";
import { AttemptDeadline } from "./attempt-deadline.js";
import type { RetryPolicy } from "./retry-policy.js";

/** Everything needed to open one socket to the service. */
export interface ConnectionTarget {
  /**
   * The realtime URL without credentials, as its `href`: a session keeps the string, not
   * a URL object, and parses it only when a credential goes into the query.
   */
  readonly url: string;
  readonly credential: VoiceLiveCredential | undefined;
  readonly tokenCache: TokenCache | undefined;
  readonly runtime: "node" | "browser";
  readonly allowCredentialInUrl: boolean;
  readonly transport: TransportFactory;
  readonly maxMessageBytes: number;
  readonly connectTimeoutMs: number;
  /** Extra handshake headers, e.g. a client request id. */
  readonly headers: Readonly<Record<string, string>>;
  /** Told about every attempt on this target, besides the caller's hooks: how tracing sees connects and reconnects. */
  readonly observer?: AttemptHooks | undefined;
}

/** Reports from the attempt loop, for logging, events and tracing. */
export interface AttemptHooks {
  /** An attempt (1 for the first) is about to open a socket. */
  onAttemptStarted?(attempt: number): void;
  /** An attempt failed; `delayMs` is the wait before the next one, undefined when none follows. */
  onAttemptFailed?(error: VoiceLiveError, attempt: number, delayMs: number | undefined): void;
}

/**
 * Starts one attempt's socket with the target's credential in its headers or query:
 * synchronously for a key or a relay (no microtask hop before the socket exists); a token
 * credential first gets its token.
 */
function startAttempt(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Starting {
  const credential = target.credential;
  if (credential === undefined) return startSocket(target.transport, { url: target.url, headers: target.headers, maxMessageBytes: target.maxMessageBytes });
  if (isKeyCredential(credential)) return startWithAuth(target, keyHandshakeAuth(credential, target.runtime));
  // The client loaded the token modules already, for its cache.
  return loadTokenModules().then((modules) => modules.startWithToken(target, forceRefresh, signal));
}

/** Starts the socket with a handshake's credential in its headers or query. */
export function startWithAuth(target: ConnectionTarget, auth: HandshakeAuth): Starting {
  let url = target.url;
  const apiKey = auth.query["api-key"];
  const authorization = auth.query["authorization"];
  if (apiKey !== undefined) url = appendCredentialQuery(new URL(url), { apiKey }).href;
  else if (authorization !== undefined) url = appendCredentialQuery(new URL(url), { bearerToken: authorization.replace(/^Bearer /, "") }).href;
  return startSocket(target.transport, { url, headers: { ...target.headers, ...auth.headers }, maxMessageBytes: target.maxMessageBytes });
}

/**
 * Watches one attempt from the moment its socket starts opening: a timeout or an abort
 * cancels it. The default deadline covers the handshake alone; a session's covers
 * `session.created` too, and stays armed after the socket opens.
 */
export type ArmAttempt = (opening: Opening) => AttemptWatch;

/** What the attempt loop needs of an attempt's deadline. */
export type AttemptWatch = Pick<AttemptDeadline<unknown>, "opened" | "error" | "dispose">;

/** The handshake alone, within `connectTimeoutMs`. */
const armHandshake =
  (target: ConnectionTarget, signal: AbortSignal | undefined): ArmAttempt =>
  (opening) =>
    new AttemptDeadline<unknown>(target.connectTimeoutMs, signal, opening, () => handshakeTimeout(target));

/** The error for a handshake that did not finish in time. */
export const handshakeTimeout = (target: ConnectionTarget): VoiceLiveConnectionError =>
  new VoiceLiveConnectionError(
    "handshake_timeout",
    `The handshake with ${redactUrl(target.url)} did not finish within ${target.connectTimeoutMs} ms.`,
    { retryable: true },
  );

/**
 * Opens a socket, retrying what can be retried: network errors, timeouts, 408, 429
 * (honouring `Retry-After`) and 5xx except 501. A 401 with a token credential gets one
 * immediate retry with a freshly fetched token; nothing else is retried. Without a
 * `signal` nothing but the retry policy ends the attempts. `arm` watches each attempt;
 * by default a deadline of `connectTimeoutMs` for the handshake, ended once it opens.
 */
export async function openWithRetries(
  target: ConnectionTarget,
  policy: RetryPolicy,
  /** Aborts connecting; undefined when nothing can abort it. */
  signal: AbortSignal | undefined,
  hooks: AttemptHooks = {},
  arm?: ArmAttempt,
): Promise<Transport> {
  let refreshed = false;
  const observer = target.observer;
  for (let attempt = 1; ; attempt++) {
    hooks.onAttemptStarted?.(attempt);
    observer?.onAttemptStarted?.(attempt);
    try {
      // A 401 with a token credential comes back here once, with a fresh token.
      for (let forceRefresh = false; ; forceRefresh = true) {
        let deadline: AttemptWatch | undefined;
        try {
          // The deadline listens from the socket's start: an abort before then is seen here.
          signal?.throwIfAborted();
          const started = startAttempt(target, forceRefresh, signal);
          let opening: Opening;
          if (started instanceof Promise) {
            opening = await started;
            // Aborted while it waited for a token or a module: the deadline below would never hear of it.
            if (signal?.aborted) opening.cancel(signal.reason);
          } else opening = started;
          deadline = (arm ?? armHandshake(target, signal))(opening);
          const transport = await opening.promise;
          if (!deadline.opened(transport)) throw deadline.error;
          // The handshake's own deadline ends with it; a caller's goes on.
          if (arm === undefined) deadline.dispose();
          return transport;
        } catch (error) {
          deadline?.dispose();
          if (
            refreshed ||
            !(error instanceof VoiceLiveConnectionError) ||
            error.status !== 401 ||
            !isTokenCredential(target.credential)
          ) {
            throw error;
          }
          refreshed = true;
        }
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // What follows a failed attempt (the verdict, the reports, the backoff) loads with the
      // session modules, which every connect starts loading: a connect that never fails never needs it.
      await (await loadSessionModules()).afterFailedAttempt(error, attempt, policy, signal, hooks, observer);
    }
  }
}
