import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import { logger } from "./logger.js";

/** What one reconnect run needs from its session. */
export interface ReconnectSteps {
  /** Announces attempt `attempt` after `delayMs` (the session emits `reconnecting`). */
  announce(attempt: number, delayMs: number): void;
  /** Opens the new socket and restores what the session had; throws on failure. */
  attempt(signal: AbortSignal): Promise<void>;
}

/**
 * Tries up to `maxAttempts` times with doubling delays capped at `maxRetryDelayMs`.
 * Resolves with the attempt that succeeded, or `undefined` when all failed or `signal` aborted.
 */
export async function runReconnectLoop(
  policy: { readonly maxAttempts: number; readonly retryDelayMs: number; readonly maxRetryDelayMs: number },
  signal: AbortSignal,
  steps: ReconnectSteps,
): Promise<number | undefined> {
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (signal.aborted) return undefined;
    const delayMs = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (attempt - 1));
    steps.announce(attempt, delayMs);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      });
      await steps.attempt(signal);
      return attempt;
    } catch (error) {
      if (signal.aborted) return undefined;
      logger.warning(`reconnect attempt ${attempt} failed (${error instanceof VoiceLiveError ? error.code : "error"})`);
    }
  }
  return undefined;
}

/** Why a session is reconnecting: a missed pong, or the close it saw. */
export function dropCause(code: number, reason: string, heartbeatLost: boolean): VoiceLiveConnectionError {
  return heartbeatLost
    ? new VoiceLiveConnectionError("heartbeat_timeout", "The service stopped answering pings.", { retryable: true, closeCode: code })
    : new VoiceLiveConnectionError("connection_closed", `The connection dropped (code ${code}).`, { retryable: true, closeCode: code, closeReason: reason });
}
