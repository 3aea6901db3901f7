import { isKeyCredential, keyHandshakeAuth, type VoiceLiveCredential } from "../auth/credential.js";
import type { TokenCache } from "../auth/token-cache.js";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import type { Transport, TransportFactory } from "../transport/transport.js";
import { appendCredentialQuery } from "../url/build-voice-live-url.js";
import { redactUrl } from "../url/redact-url.js";
import { loadTokenModules } from "./load-session-modules.js";
import { backoffDelayMs, type RetryPolicy } from "./retry-policy.js";

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

const sleep = (delayMs: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

async function openOnce(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Promise<Transport> {
  let url = target.url;
  let headers: Record<string, string> = { ...target.headers };
  if (target.credential !== undefined) {
    // A key is read synchronously: awaiting resolveHandshakeAuth would add an async call
    // and a microtask hop to every connect for nothing. A token credential's client has
    // loaded the token modules already, for its cache.
    const auth = isKeyCredential(target.credential)
      ? keyHandshakeAuth(target.credential, target.runtime)
      : await (await loadTokenModules()).resolveHandshakeAuth(target.credential, {
          runtime: target.runtime,
          tokenCache: target.tokenCache,
          allowCredentialInUrl: target.allowCredentialInUrl,
          forceRefresh,
          abortSignal: signal,
        });
    headers = { ...headers, ...auth.headers };
    const apiKey = auth.query["api-key"];
    const authorization = auth.query["authorization"];
    if (apiKey !== undefined) url = appendCredentialQuery(new URL(url), { apiKey }).href;
    else if (authorization !== undefined) url = appendCredentialQuery(new URL(url), { bearerToken: authorization.replace(/^Bearer /, "") }).href;
  }
  // One controller and a timer cleared on open: AbortSignal.timeout/any would keep a timer
  // and composite signals alive for every session long after it connected.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The handshake timed out.", "TimeoutError"));
  }, target.connectTimeoutMs);
  // The caller's abort is forwarded; without a caller signal there is nothing to listen to.
  const forward = signal === undefined ? undefined : () => controller.abort(signal.reason);
  if (forward !== undefined) signal?.addEventListener("abort", forward, { once: true });
  try {
    return await target.transport({ url, headers, maxMessageBytes: target.maxMessageBytes, signal: controller.signal });
  } catch (error) {
    if (timedOut && !signal?.aborted) {
      throw new VoiceLiveConnectionError(
        "handshake_timeout",
        `The handshake with ${redactUrl(target.url)} did not finish within ${target.connectTimeoutMs} ms.`,
        { retryable: true },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (forward !== undefined) signal?.removeEventListener("abort", forward);
  }
}

const isTokenCredentialTarget = (target: ConnectionTarget): boolean =>
  target.credential !== undefined && typeof (target.credential as { getToken?: unknown }).getToken === "function";

/**
 * Opens a socket, retrying what can be retried: network errors, timeouts, 408, 429
 * (honouring `Retry-After`) and 5xx except 501. A 401 with a token credential gets one
 * immediate retry with a freshly fetched token; nothing else is retried. Without a
 * `signal` nothing but the retry policy ends the attempts.
 */
export async function openWithRetries(
  target: ConnectionTarget,
  policy: RetryPolicy,
  /** Aborts connecting; undefined when nothing can abort it. */
  signal: AbortSignal | undefined,
  hooks: AttemptHooks = {},
): Promise<Transport> {
  let refreshed = false;
  const observer = target.observer;
  for (let attempt = 1; ; attempt++) {
    hooks.onAttemptStarted?.(attempt);
    observer?.onAttemptStarted?.(attempt);
    try {
      // A plain try rather than openOnce(...).catch(...): a derived promise would add a
      // microtask hop and an allocation to every successful connect.
      try {
        return await openOnce(target, false, signal);
      } catch (error) {
        if (
          refreshed ||
          !(error instanceof VoiceLiveConnectionError) ||
          error.status !== 401 ||
          !isTokenCredentialTarget(target)
        ) {
          throw error;
        }
        refreshed = true;
        return await openOnce(target, true, signal);
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = error instanceof VoiceLiveError ? error : wrapUnknown(error);
      const retryable = failure instanceof VoiceLiveConnectionError && failure.retryable;
      if (!retryable || attempt > policy.maxRetries) {
        reportFailure(hooks, observer, failure, attempt, undefined);
        throw failure;
      }
      const retryAfter = failure instanceof VoiceLiveConnectionError ? failure.retryAfterMs : undefined;
      const delayMs = backoffDelayMs(policy, attempt, retryAfter);
      reportFailure(hooks, observer, failure, attempt, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

function reportFailure(
  hooks: AttemptHooks,
  observer: AttemptHooks | undefined,
  error: VoiceLiveError,
  attempt: number,
  delayMs: number | undefined,
): void {
  hooks.onAttemptFailed?.(error, attempt, delayMs);
  observer?.onAttemptFailed?.(error, attempt, delayMs);
}

function wrapUnknown(error: unknown): VoiceLiveError {
  // Errors from the identity library or a custom transport: keep them as the cause only,
  // since their messages are not ours to vouch for.
  if (error instanceof TypeError || error instanceof RangeError) throw error;
  return new VoiceLiveConnectionError("network_error", "Connecting failed.", { retryable: false, cause: error });
}
