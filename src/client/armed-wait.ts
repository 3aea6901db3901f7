/** A wait that something else settles, with a deadline and an abort signal. */
export interface ArmedWait<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Returns a wait armed now (so a value that arrives in the same tick is not missed) that
 * rejects with `onTimeout()` after `timeoutMs` or with the signal's reason on abort (when one is given);
 * `cleanup` runs once, however it settles.
 */
export function armWait<T>(timeoutMs: number, signal: AbortSignal | undefined, onTimeout: () => unknown, cleanup: () => void): ArmedWait<T> {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  let done = false;
  const finish = (): boolean => {
    if (done) return false;
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    cleanup();
    return true;
  };
  const timer = setTimeout(() => finish() && settle.reject(onTimeout()), timeoutMs);
  const onAbort = () => finish() && settle.reject(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  return {
    promise,
    resolve: (value) => finish() && settle.resolve(value),
    reject: (error) => finish() && settle.reject(error),
  };
}
