import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenCache } from "../../../src/auth/index.js";
import { VoiceLiveAuthenticationError } from "../../../src/errors/index.js";
import { FakeCredential, MINUTE, token } from "./fake-credential.js";

/** A hand-moved clock for tests that need no timers. */
function manualClock(start = 0) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("TokenCache.getToken", () => {
  it("asks the credential for the Voice Live scope and returns the cached token while it is fresh", async () => {
    const clock = manualClock();
    const credential = new FakeCredential(() => token(1, 0));
    const cache = new TokenCache(credential, { now: clock.now });
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    clock.ms = 30 * MINUTE;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    expect(credential.calls).toBe(1);
    expect(credential.scopesSeen).toEqual([["https://ai.azure.com/.default"]]);
  });

  it("passes custom scopes to the credential", async () => {
    const credential = new FakeCredential(() => token(1, 0));
    await new TokenCache(credential, { scopes: ["https://cognitiveservices.azure.com/.default"], now: () => 0 }).getToken();
    expect(credential.scopesSeen).toEqual([["https://cognitiveservices.azure.com/.default"]]);
  });

  it("shares one credential call among concurrent callers", async () => {
    const credential = new FakeCredential();
    const cache = new TokenCache(credential, { now: () => 0 });
    const callers = [cache.getToken(), cache.getToken(), cache.getToken()];
    expect(credential.calls).toBe(1);
    credential.settle(token(1, 0));
    const tokens = await Promise.all(callers);
    expect(tokens.map((t) => t.token)).toEqual(["token-1", "token-1", "token-1"]);
    expect(credential.calls).toBe(1);
  });

  it("refreshes a token that expires within the refresh window, not a moment earlier", async () => {
    const clock = manualClock();
    const credential = new FakeCredential((call) => token(call, clock.ms));
    const cache = new TokenCache(credential, { now: clock.now, refreshWindowMs: 5 * MINUTE });
    await cache.getToken();
    clock.ms = 55 * MINUTE - 1;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    clock.ms = 55 * MINUTE;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-2" });
    expect(credential.calls).toBe(2);
  });

  it("refreshes once refreshAfterTimestamp has passed even far from expiry", async () => {
    const clock = manualClock();
    const credential = new FakeCredential((call) => token(call, clock.ms, 24 * 60 * MINUTE, clock.ms + 10 * MINUTE));
    const cache = new TokenCache(credential, { now: clock.now });
    await cache.getToken();
    clock.ms = 10 * MINUTE - 1;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    clock.ms = 10 * MINUTE;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-2" });
  });

  it("fetches anew on forceRefresh and never hands out the refused token after a failed force", async () => {
    const clock = manualClock();
    const answers = [token(1, 0), token(2, 0), new Error("identity down"), token(3, 0)];
    const credential = new FakeCredential((call) => answers[call - 1] ?? new Error("too many calls"));
    const cache = new TokenCache(credential, { now: clock.now });
    await cache.getToken();
    await expect(cache.getToken({ forceRefresh: true })).resolves.toMatchObject({ token: "token-2" });
    const error = await rejection(cache.getToken({ forceRefresh: true }));
    expect(error).toBeInstanceOf(VoiceLiveAuthenticationError);
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-3" });
    expect(credential.calls).toBe(4);
  });

  it("keeps the still-valid token when a refresh fails and asks again only after retryIntervalMs", async () => {
    const clock = manualClock();
    const credential = new FakeCredential((call) => (call === 1 ? token(1, 0) : new Error("identity down")));
    const cache = new TokenCache(credential, { now: clock.now, retryIntervalMs: 5_000 });
    await cache.getToken();
    clock.ms = 56 * MINUTE;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    expect(credential.calls).toBe(2);
    clock.ms += 4_999;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    expect(credential.calls).toBe(2);
    clock.ms += 1;
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-1" });
    expect(credential.calls).toBe(3);
  });

  it("rejects with credential_failed once the cached token has expired and the credential still fails", async () => {
    const clock = manualClock();
    const cause = new Error("AADSTS700024: client assertion expired");
    cause.name = "CredentialUnavailableError";
    const credential = new FakeCredential((call) => (call === 1 ? token(1, 0) : cause));
    const cache = new TokenCache(credential, { now: clock.now });
    await cache.getToken();
    clock.ms = 60 * MINUTE;
    const error = await rejection(cache.getToken());
    expect(error).toBeInstanceOf(VoiceLiveAuthenticationError);
    const authError = error as VoiceLiveAuthenticationError;
    expect(authError.name).toBe("VoiceLiveAuthenticationError");
    expect(authError.code).toBe("credential_failed");
    expect(authError.cause).toBe(cause);
    expect(authError.message).toBe(
      "The credential failed to get a token for https://ai.azure.com/.default (CredentialUnavailableError); see the error's cause.",
    );
    expect(authError.toJSON()).toEqual({
      name: "VoiceLiveAuthenticationError",
      code: "credential_failed",
      message: authError.message,
      scopes: ["https://ai.azure.com/.default"],
    });
    expect(JSON.stringify(authError)).not.toContain("token-1");
  });

  it("rejects with credential_returned_null when the credential returns null", async () => {
    const cache = new TokenCache(new FakeCredential(() => null), { now: () => 0 });
    const error = await rejection(cache.getToken());
    expect(error).toBeInstanceOf(VoiceLiveAuthenticationError);
    expect((error as VoiceLiveAuthenticationError).code).toBe("credential_returned_null");
  });

  it("rejects a malformed token and an already expired one without showing the token", async () => {
    const malformed = new TokenCache(new FakeCredential(() => ({ token: "secret-a", expiresOnTimestamp: Number.NaN })), {
      now: () => 0,
    });
    const expired = new TokenCache(new FakeCredential(() => ({ token: "secret-b", expiresOnTimestamp: 1_000 })), {
      now: () => 1_000,
    });
    const errors = [await rejection(malformed.getToken()), await rejection(expired.getToken())];
    expect(errors.map((e) => (e as VoiceLiveAuthenticationError).code)).toEqual(["invalid_token", "token_expired"]);
    for (const error of errors) expect(JSON.stringify(error) + (error as Error).message).not.toContain("secret");
  });

  it("rejects only the aborted caller while the others get the shared token", async () => {
    const credential = new FakeCredential();
    const cache = new TokenCache(credential, { now: () => 0 });
    const controller = new AbortController();
    const aborted = cache.getToken({ abortSignal: controller.signal });
    const patient = cache.getToken();
    controller.abort();
    const error = await rejection(aborted);
    expect((error as Error).name).toBe("AbortError");
    credential.settle(token(1, 0));
    await expect(patient).resolves.toMatchObject({ token: "token-1" });
    expect(credential.calls).toBe(1);
  });

  it("lets a shared request fail quietly after its only caller aborted", async () => {
    const credential = new FakeCredential();
    const cache = new TokenCache(credential, { now: () => 0 });
    const controller = new AbortController();
    const aborted = cache.getToken({ abortSignal: controller.signal });
    controller.abort();
    expect(((await rejection(aborted)) as Error).name).toBe("AbortError");
    credential.settle(new Error("identity down"));
    // Let Node look for unhandled rejections (vitest fails the run on one) before asking again.
    await new Promise((resolve) => setImmediate(resolve));
    const next = cache.getToken();
    credential.settle(token(2, 0));
    await expect(next).resolves.toMatchObject({ token: "token-2" });
    expect(credential.calls).toBe(2);
  });

  it("never shows the cached token when serialized or inspected", async () => {
    const cache = new TokenCache(new FakeCredential(() => token(1, 0)), { now: () => 0 });
    await cache.getToken();
    expect(JSON.stringify(cache)).not.toContain("token-1");
    expect(inspect(cache, { depth: 5, showHidden: true })).not.toContain("token-1");
  });

  it("rejects at once without calling the credential when the signal is already aborted", async () => {
    const credential = new FakeCredential(() => token(1, 0));
    const error = await rejection(new TokenCache(credential).getToken({ abortSignal: AbortSignal.abort() }));
    expect((error as Error).name).toBe("AbortError");
    expect(credential.calls).toBe(0);
  });

  it("names the option when constructed with a bad credential or option", () => {
    const credential = new FakeCredential();
    expect(() => new TokenCache({} as never)).toThrow(new TypeError("credential must be a TokenCredential (an object with a getToken method)."));
    expect(() => new TokenCache(credential, { refreshWindowMs: -1 })).toThrow(RangeError);
    expect(() => new TokenCache(credential, { refreshWindowMs: Number.POSITIVE_INFINITY })).toThrow("refreshWindowMs");
    expect(() => new TokenCache(credential, { retryIntervalMs: 0 })).toThrow(new RangeError("retryIntervalMs must be a finite number of milliseconds >= 1."));
    expect(() => new TokenCache(credential, { scopes: [] })).toThrow(TypeError);
    expect(() => new TokenCache(credential, { scopes: [""] })).toThrow("scopes");
    expect(() => new TokenCache(credential, { now: 5 as never })).toThrow("now must be a function");
  });
});

describe("TokenCache background refresh", () => {
  const started = (credential: FakeCredential, options: { retryIntervalMs?: number } = {}) => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TokenCache(credential, { now: () => Date.now(), refreshWindowMs: 5 * MINUTE, ...options });
    cache.start();
    return cache;
  };

  it("fetches at start and refreshes at the start of the refresh window so callers never wait", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now()));
    const cache = started(credential);
    await vi.advanceTimersByTimeAsync(0);
    expect(credential.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(55 * MINUTE - 1);
    expect(credential.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(credential.calls).toBe(2);
    await expect(cache.getToken()).resolves.toMatchObject({ token: "token-2" });
    expect(credential.calls).toBe(2);
    cache.stop();
  });

  it("refreshes at refreshAfterTimestamp when that comes before the window", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now(), 60 * MINUTE, Date.now() + 30 * MINUTE));
    const cache = started(credential);
    await vi.advanceTimersByTimeAsync(30 * MINUTE - 1);
    expect(credential.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(credential.calls).toBe(2);
    cache.stop();
  });

  it("retries a failed refresh every retryIntervalMs while the token is valid, then stops", async () => {
    const credential = new FakeCredential((call) => (call === 1 ? token(1, 0) : new Error("identity down")));
    const cache = started(credential, { retryIntervalMs: MINUTE });
    await vi.advanceTimersByTimeAsync(55 * MINUTE);
    expect(credential.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(credential.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(credential.calls).toBe(3);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    // Retries at 57, 58 and 59 minutes; at 60 the token has expired and the timer stops.
    expect(credential.calls).toBe(6);
    expect(vi.getTimerCount()).toBe(0);
    cache.stop();
  });

  it("does not spin when the credential keeps returning a token inside the window", async () => {
    const credential = new FakeCredential(() => token(1, 0));
    const cache = started(credential, { retryIntervalMs: 10_000 });
    await vi.advanceTimersByTimeAsync(55 * MINUTE);
    const atWindow = credential.calls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(credential.calls - atWindow).toBe(6);
    cache.stop();
  });

  it("clears its timer on stop and refreshes no more", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now()));
    const cache = started(credential);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    cache.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120 * MINUTE);
    expect(credential.calls).toBe(1);
  });

  it("counts starts: the timer runs until every start has been stopped", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now()));
    const cache = started(credential);
    cache.start();
    await vi.advanceTimersByTimeAsync(0);
    cache.stop();
    expect(vi.getTimerCount()).toBe(1);
    cache.stop();
    cache.stop();
    expect(vi.getTimerCount()).toBe(0);
    cache.start();
    expect(vi.getTimerCount()).toBe(1);
    cache.stop();
  });

  it("unrefs its timer so it never keeps the process alive", async () => {
    const unref = vi.fn();
    const credential = new FakeCredential(() => token(1, 0));
    const cache = new TokenCache(credential, { now: () => 0 });
    await cache.getToken();
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout").mockImplementation((() => ({ unref })) as never);
    cache.start();
    expect(setTimeoutSpy).toHaveBeenCalledWith(expect.any(Function), 55 * MINUTE);
    expect(unref).toHaveBeenCalledTimes(1);
    vi.spyOn(globalThis, "clearTimeout").mockImplementation(() => {});
    cache.stop();
  });
});
