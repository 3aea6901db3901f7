import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import { isTokenCredential } from "../auth/credential.js";
import type { Transport } from "../transport/transport.js";
import { backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
import { attemptStarted, openOnce, type ArmAttempt, type AttemptHooks, type ConnectionTarget } from "./session-connection.js";

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

/**
 * Goes on after the first attempt of `openWithRetries` failed with `error`: a 401 with a
 * token credential gets one immediate retry with a freshly fetched token (once per call);
 * otherwise the failure is reported and, when it can be retried, the next attempt waits
 * out its backoff. Resolves with the socket of the attempt that opened.
 */
export async function retryAttempts(
  error: unknown,
  target: ConnectionTarget,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: AttemptHooks,
  arm: ArmAttempt | undefined,
): Promise<Transport> {
  // The caller saw the first failure and checked for an abort before loading this module;
  // every later failure is checked here, before anything else happens.
  let refreshed = false;
  for (let attempt = 1; ; ) {
    const refresh = !refreshed && isUnauthorizedToken(error, target);
    if (refresh) refreshed = true;
    else {
      await afterFailedAttempt(error, attempt, policy, signal, hooks, target.observer);
      attempt++;
      attemptStarted(hooks, target, attempt);
    }
    try {
      return await openOnce(target, refresh, signal, arm);
    } catch (nextError) {
      if (signal?.aborted) throw signal.reason;
      error = nextError;
    }
  }
}

/** A handshake's 401 to a token credential: its token may have expired early. */
const isUnauthorizedToken = (error: unknown, target: ConnectionTarget): boolean =>
  error instanceof VoiceLiveConnectionError && error.status === 401 && isTokenCredential(target.credential);

/**
 * After a connect attempt failed: throws what ends the attempts (an error that cannot be
 * retried, or the last retry's), else reports the failure and waits out the backoff,
 * honouring `Retry-After`. Either way the hooks hear of it first.
 */
export async function afterFailedAttempt(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: AttemptHooks,
  observer: AttemptHooks | undefined,
): Promise<void> {
  const failure = error instanceof VoiceLiveError ? error : wrapUnknown(error);
  const retryable = failure instanceof VoiceLiveConnectionError && failure.retryable;
  if (!retryable || attempt > policy.maxRetries) {
    report(hooks, observer, failure, attempt, undefined);
    throw failure;
  }
  const delayMs = backoffDelayMs(policy, attempt, failure.retryAfterMs);
  report(hooks, observer, failure, attempt, delayMs);
  await sleep(delayMs, signal);
}

function report(hooks: AttemptHooks, observer: AttemptHooks | undefined, error: VoiceLiveError, attempt: number, delayMs: number | undefined): void {
  hooks.onAttemptFailed?.(error, attempt, delayMs);
  observer?.onAttemptFailed?.(error, attempt, delayMs);
}

function wrapUnknown(error: unknown): VoiceLiveError {
  // Errors from the identity library or a custom transport: keep them as the cause only,
  // since their messages are not ours to vouch for.
  if (error instanceof TypeError || error instanceof RangeError) throw error;
  return new VoiceLiveConnectionError("network_error", "Connecting failed.", { retryable: false, cause: error });
}
