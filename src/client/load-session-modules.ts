import { loadChunk as deferred } from "../transport/load-chunk.js";
import { installLogger } from "./logger.js";
import type * as SessionModulesNamespace from "./session-modules.js";
import type * as UrlModule from "../url/build-voice-live-url.js";

export type SessionModules = typeof SessionModulesNamespace;

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

/**
 * The realtime URL's builder and checks, loaded by the first connect with an endpoint:
 * a connect builds its URL once per set of options, so it need not be in the initial chunk.
 */
export const loadUrlModule = deferred<typeof UrlModule>("URL builder", () => import("../url/build-voice-live-url.js"));
