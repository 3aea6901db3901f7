import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { isTokenCredential } from "./credential.js";
import { VoiceLiveAuthenticationError } from "../errors/authentication-error.js";
import { untilAborted } from "../errors/until-aborted.js";
import { assertScopes } from "./token-scopes.js";

export { DEFAULT_TOKEN_SCOPES } from "./token-scopes.js";

/** How a `TokenCache` asks for and keeps tokens. */
export interface TokenCacheOptions {
  /** @default ["https://ai.azure.com/.default"] */
  readonly scopes?: readonly string[] | undefined;
  /**
   * A token expiring within this window is refreshed before it is handed out.
   * @default 300_000 (5 minutes)
   */
  readonly refreshWindowMs?: number | undefined;
  /**
   * After a failed (or fruitless) refresh, the next attempt waits this long while the cached token is still valid.
   * @default 5_000
   */
  readonly retryIntervalMs?: number | undefined;
  /** The clock, in epoch milliseconds; tests pass a fake one. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** Per-call options of `TokenCache.getToken`. */
export interface GetCachedTokenOptions {
  /** Fetch a new token even if the cached one looks valid (after a handshake 401). */
  readonly forceRefresh?: boolean | undefined;
  /** Rejects this call only; other callers keep waiting for the shared request. */
  readonly abortSignal?: AbortSignal | undefined;
}

// setTimeout cannot wait longer than 2^31-1 ms; longer waits wake up and reschedule.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

type Timer = ReturnType<typeof setTimeout>;

function abortError(): Error {
  return new DOMException("The token request was aborted.", "AbortError");
}

function assertDuration(option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${option} must be a finite number of milliseconds >= ${min}.`);
  }
  return value;
}


/**
 * Caches the access token of a `TokenCredential`: concurrent callers share one request,
 * tokens are refreshed ahead of expiry, and while `start()`ed a timer refreshes in the
 * background so a reconnect never waits on the identity service.
 * @throws TypeError / RangeError from the constructor for a bad credential or option.
 */
export class TokenCache {
  /** The credential tokens come from. */
  readonly credential: TokenCredential;
  readonly scopes: readonly string[];
  readonly refreshWindowMs: number;
  readonly retryIntervalMs: number;
  readonly #now: () => number;
  #cached: AccessToken | undefined;
  #inflight: Promise<AccessToken> | undefined;
  #lastAttemptAt: number | undefined;
  #timer: Timer | undefined;
  #starts = 0;

  constructor(credential: TokenCredential, options: TokenCacheOptions = {}) {
    if (!isTokenCredential(credential)) {
      throw new TypeError("credential must be a TokenCredential (an object with a getToken method).");
    }
    this.credential = credential;
    this.scopes = assertScopes(options.scopes);
    this.refreshWindowMs = assertDuration("refreshWindowMs", options.refreshWindowMs, 5 * 60_000, 0);
    this.retryIntervalMs = assertDuration("retryIntervalMs", options.retryIntervalMs, 5_000, 1);
    if (options.now !== undefined && typeof options.now !== "function") {
      throw new TypeError("now must be a function returning epoch milliseconds.");
    }
    this.#now = options.now ?? Date.now;
  }

  /**
   * Returns the cached token, or fetches one when there is none, it expires within the
   * refresh window, it is past `refreshAfterTimestamp`, or `forceRefresh` is set. When a
   * refresh fails while the cached token is still valid, the cached token is returned and
   * the credential is not asked again before `retryIntervalMs` has passed.
   * @throws VoiceLiveAuthenticationError when no valid token can be had; an `AbortError`
   *   when `abortSignal` aborts (other callers are unaffected).
   */
  async getToken(options: GetCachedTokenOptions = {}): Promise<AccessToken> {
    const { forceRefresh = false, abortSignal } = options;
    if (typeof forceRefresh !== "boolean") throw new TypeError("forceRefresh must be a boolean.");
    if (abortSignal?.aborted) throw abortError();
    const cached = this.#cached;
    const now = this.#now();
    if (!forceRefresh && cached !== undefined) {
      if (!this.#isDue(cached, now)) return cached;
      if (this.#isValid(cached, now) && this.#inBackoff(now)) return cached;
    }
    // A forced refresh means the caller saw this token refused; nobody should get it again.
    if (forceRefresh) this.#cached = undefined;
    try {
      return await untilAborted(this.#refresh(), abortSignal, abortError);
    } catch (error) {
      if (error instanceof VoiceLiveAuthenticationError && cached !== undefined && this.#cached === cached) {
        if (this.#isValid(cached, this.#now())) return cached;
      }
      throw error;
    }
  }

  /**
   * Starts background refreshing. Reference-counted: every `start()` needs one `stop()`,
   * and the timer runs while at least one start is outstanding. Fetches a token at once
   * when none is cached. Its timers never keep a process alive.
   */
  start(): void {
    this.#starts += 1;
    if (this.#starts > 1) return;
    if (this.#cached === undefined && this.#inflight === undefined) {
      this.#refresh().catch(() => {});
    } else {
      this.#schedule();
    }
  }

  /** Undoes one `start()`; the last one clears the timer. Extra calls do nothing. */
  stop(): void {
    if (this.#starts === 0) return;
    this.#starts -= 1;
    if (this.#starts === 0) this.#clearTimer();
  }

  #isValid(token: AccessToken, now: number): boolean {
    return now < token.expiresOnTimestamp;
  }

  #refreshAt(token: AccessToken): number {
    const byWindow = token.expiresOnTimestamp - this.refreshWindowMs;
    return token.refreshAfterTimestamp === undefined ? byWindow : Math.min(byWindow, token.refreshAfterTimestamp);
  }

  #isDue(token: AccessToken, now: number): boolean {
    return now >= this.#refreshAt(token);
  }

  #inBackoff(now: number): boolean {
    return this.#lastAttemptAt !== undefined && now - this.#lastAttemptAt < this.retryIntervalMs;
  }

  #refresh(): Promise<AccessToken> {
    if (this.#inflight !== undefined) return this.#inflight;
    this.#clearTimer();
    const request = this.#request().then(
      (token) => {
        this.#cached = token;
        this.#settle();
        return token;
      },
      (error: unknown) => {
        this.#settle();
        throw error;
      },
    );
    this.#inflight = request;
    // Callers that aborted no longer listen; the failure must not surface as unhandled.
    request.catch(() => {});
    return request;
  }

  #settle(): void {
    this.#inflight = undefined;
    this.#lastAttemptAt = this.#now();
    this.#schedule();
  }

  async #request(): Promise<AccessToken> {
    const scopes = this.scopes;
    const scopeText = scopes.join(" ");
    let token: AccessToken | null | undefined;
    try {
      token = await this.credential.getToken([...scopes]);
    } catch (error) {
      const kind = error instanceof Error ? error.name : typeof error;
      throw new VoiceLiveAuthenticationError(
        "credential_failed",
        `The credential failed to get a token for ${scopeText} (${kind}); see the error's cause.`,
        { scopes, cause: error },
      );
    }
    if (token === null || token === undefined) {
      throw new VoiceLiveAuthenticationError(
        "credential_returned_null",
        `The credential returned no token for ${scopeText}; check that it is signed in and allowed to use this scope.`,
        { scopes },
      );
    }
    if (typeof token.token !== "string" || token.token === "" || !Number.isFinite(token.expiresOnTimestamp)) {
      throw new VoiceLiveAuthenticationError(
        "invalid_token",
        `The credential returned an access token for ${scopeText} without a token string or a finite expiresOnTimestamp.`,
        { scopes },
      );
    }
    if (!this.#isValid(token, this.#now())) {
      throw new VoiceLiveAuthenticationError(
        "token_expired",
        `The credential returned an access token for ${scopeText} that has already expired; check the system clock.`,
        { scopes },
      );
    }
    return token;
  }

  #schedule(): void {
    this.#clearTimer();
    const token = this.#cached;
    if (this.#starts === 0 || this.#inflight !== undefined || token === undefined) return;
    const now = this.#now();
    // Once the token has expired the background gives up: the next getToken reports why.
    if (!this.#isValid(token, now)) return;
    let at = this.#refreshAt(token);
    if (this.#lastAttemptAt !== undefined) at = Math.max(at, this.#lastAttemptAt + this.retryIntervalMs);
    if (at >= token.expiresOnTimestamp) return;
    const delay = Math.min(Math.max(0, at - now), MAX_TIMER_DELAY_MS);
    const timer = setTimeout(() => this.#onTimer(), delay);
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #onTimer(): void {
    this.#timer = undefined;
    const token = this.#cached;
    if (this.#starts === 0 || token === undefined) return;
    if (!this.#isDue(token, this.#now())) {
      this.#schedule();
      return;
    }
    this.#refresh().catch(() => {});
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
