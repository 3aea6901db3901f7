import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import { backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
import type { AttemptHooks } from "./session-connection.js";

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
