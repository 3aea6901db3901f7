/**
 * `promise`, or a rejection as soon as `signal` aborts: with the signal's reason, or with
 * what `reason` makes. The wait ends, not the work: `promise` runs on, and a rejection it
 * meets later is handled here. The abort listener goes once either settles.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, reason: () => unknown = () => signal!.reason): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reason());
    signal.addEventListener("abort", onAbort, { once: true });
    const settled = (): void => signal.removeEventListener("abort", onAbort);
    promise.then(
      (value) => {
        settled();
        resolve(value);
      },
      (error: unknown) => {
        settled();
        reject(error);
      },
    );
    if (signal.aborted) onAbort();
  });
}
