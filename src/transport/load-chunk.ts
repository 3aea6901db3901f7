import { VoiceLiveConnectionError } from "../errors/connection-error.js";

/** A loader of one chunk; `loaded` is its module once it has arrived. */
export type ChunkLoader<T> = (() => Promise<T>) & { readonly loaded: T | undefined };

/**
 * One dynamic import, shared by every caller of the process (bundlers emit its target as
 * its own chunk). A failed load, such as a chunk a browser could not fetch, is not kept:
 * it rejects with a retryable `module_unavailable`, and the next call tries again.
 */
export function loadChunk<T>(what: string, load: () => Promise<T>): ChunkLoader<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  const get = () =>
    (loading ??= load().then(
      (value) => (loaded = value),
      (cause: unknown) => {
        loading = undefined;
        throw new VoiceLiveConnectionError(
          "module_unavailable",
          `Could not load voicelive-client's ${what} (a bundler chunk): check that the app serves its chunks next to its entry.`,
          { retryable: true, cause },
        );
      },
    ));
  // Once here, callers use it in the same tick instead of awaiting.
  return Object.defineProperty(get, "loaded", { get: () => loaded }) as ChunkLoader<T>;
}
