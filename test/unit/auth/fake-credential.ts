import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

type Answer = AccessToken | null | Error;

/**
 * A TokenCredential that counts calls. With `answer`, each call settles at once with
 * what it returns; without, each call waits until the test settles it by hand.
 */
export class FakeCredential implements TokenCredential {
  calls = 0;
  readonly scopesSeen: (string | string[])[] = [];
  readonly #pending: { resolve: (token: AccessToken | null) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly answer?: (call: number) => Answer) {}

  getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.calls += 1;
    this.scopesSeen.push(scopes);
    if (this.answer !== undefined) {
      const result = this.answer(this.calls);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    }
    return new Promise((resolve, reject) => this.#pending.push({ resolve, reject }));
  }

  /** Settles the oldest waiting call. */
  settle(answer: Answer): void {
    const next = this.#pending.shift();
    if (next === undefined) throw new Error("no getToken call is waiting");
    if (answer instanceof Error) next.reject(answer);
    else next.resolve(answer);
  }
}

export const MINUTE = 60_000;

/** A token named after its number that expires `lifetimeMs` after `issuedAt`. */
export function token(n: number, issuedAt: number, lifetimeMs = 60 * MINUTE, refreshAfter?: number): AccessToken {
  const result: AccessToken = { token: `token-${n}`, expiresOnTimestamp: issuedAt + lifetimeMs };
  if (refreshAfter !== undefined) result.refreshAfterTimestamp = refreshAfter;
  return result;
}
