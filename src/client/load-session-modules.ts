import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { installLogger } from "./logger.js";
import type * as SessionModulesNamespace from "./session-modules.js";

export type SessionModules = typeof SessionModulesNamespace;

/**
 * One dynamic import, shared by every caller of the process (bundlers emit its target as
 * its own chunk). A failed load, such as a chunk a browser could not fetch, is not kept:
 * the next call tries again.
 */
function deferred<T>(what: string, load: () => Promise<T>): (() => Promise<T>) & { readonly loaded: T | undefined } {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  const get = () =>
    (loading ??= load().then((value) => (loaded = value)).catch((cause: unknown) => {
      loading = undefined;
      throw new VoiceLiveConnectionError(
        "module_unavailable",
        `Could not load voicelive-client's ${what} (a bundler chunk): check that the app serves its chunks next to its entry.`,
        { retryable: true, cause },
      );
    }));
  // Once here, connects install the modules in the same tick instead of awaiting.
  return Object.defineProperty(get, "loaded", { get: () => loaded }) as typeof get & { readonly loaded: T | undefined };
}

/**
 * Schemas, requests, history, rotation, replay, the audio pipeline and `@azure/logger`:
 * loaded while the first socket opens. The logger is installed the moment they arrive.
 */
export const loadSessionModules = deferred("session modules", () =>
  import("./session-modules.js").then((modules) => {
    installLogger(modules.azureLogger);
    return modules;
  }),
);

/** The tracing spans, loaded only by a connect that has a `tracer`. */
export const loadTracingModules = deferred("tracing module", () => import("./tracing-session.js"));

/** The token cache and token handshake, loaded by the first connect with a token credential. */
export const loadTokenModules = deferred("token authentication", () => import("./token-modules.js"));
