/** How connect attempts and reconnects are spaced. */
export interface RetryOptions {
  /** Attempts after the first one. @default 3 */
  readonly maxRetries?: number | undefined;
  /** The first delay; each next one doubles. @default 800 */
  readonly retryDelayMs?: number | undefined;
  /** The longest delay. @default 10_000 */
  readonly maxRetryDelayMs?: number | undefined;
}

/** Validated retry settings. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/**
 * Equal-jitter exponential backoff: half the capped exponential delay is fixed, half is
 * random, so clients that failed together do not retry together. A server's
 * `Retry-After` wins when it is longer.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Close codes after which reconnecting can help: going away (1001), abnormal drop
 * (1006), server error (1011), restart (1012), try again later (1013) and the 4xxx
 * application range except policy-like 4000s we send ourselves. 1000 (normal) and 1008
 * (policy violation) and 1009 (message too big) are final.
 */
export function isRetryableCloseCode(code: number): boolean {
  if (code === 1000 || code === 1008 || code === 1009 || code === 1002 || code === 1003 || code === 1007) return false;
  return true;
}
