/** A wait that something else settles, with a deadline and an abort signal. */
export interface ArmedWait<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Returns a wait armed now (so a value that arrives in the same tick is not missed) that
 * rejects with `onTimeout()` after `timeoutMs` or with the signal's reason on abort;
 * `cleanup` runs once, however it settles.
 */
export function armWait<T>(timeoutMs: number, signal: AbortSignal | undefined, onTimeout: () => unknown, cleanup: () => void): ArmedWait<T> {
  return new Wait<T>(timeoutMs, signal, onTimeout, cleanup);
}

const expire = (wait: { expire(): void }): void => wait.expire();

/**
 * One wait per connect attempt: its methods are on the prototype and it listens to the
 * signal as an event listener object, so arming it creates no closures.
 */
class Wait<T> implements ArmedWait<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #done = false;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #signal: AbortSignal | undefined;
  readonly #onTimeout: () => unknown;
  readonly #cleanup: () => void;

  constructor(timeoutMs: number, signal: AbortSignal | undefined, onTimeout: () => unknown, cleanup: () => void) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#signal = signal;
    this.#onTimeout = onTimeout;
    this.#cleanup = cleanup;
    this.#timer = setTimeout(expire, timeoutMs, this);
    signal?.addEventListener("abort", this, { once: true });
  }

  resolve(value: T): void {
    if (this.#finish()) this.#resolve(value);
  }

  reject(error: unknown): void {
    if (this.#finish()) this.#reject(error);
  }

  /** @internal The deadline passed. */
  expire(): void {
    if (this.#finish()) this.#reject(this.#onTimeout());
  }

  /** @internal The signal aborted (this object is its `abort` listener). */
  handleEvent(): void {
    if (this.#finish()) this.#reject(this.#signal!.reason);
  }

  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this);
    this.#cleanup();
    return true;
  }
}
