import type { TokenCredential } from "@azure/core-auth";
import { isKeyCredential, isTokenCredential, type VoiceLiveCredential } from "../auth/credential.js";
import type { TokenCache } from "../auth/token-cache.js";
import { assertScopes } from "../auth/token-scopes.js";
import { untilAborted } from "../errors/until-aborted.js";
import type { VoiceLiveUrlOptions } from "../url/build-voice-live-url.js";
import type { TransportFactory } from "../transport/transport.js";
import { createWebSocketTransport } from "../transport/web-socket-transport.js";
import { resolveSettings, type ConnectOptions, type ResolvedSettings, type VoiceLiveClientOptions } from "./connect-options.js";
import { checkTracer } from "./tracing-check.js";
import { loadSessionModules, loadTokenModules, loadTracingModules, loadUrlModule } from "./load-session-modules.js";
import type { AttemptHooks } from "./session-connection.js";
import type { SessionInit } from "./session-types.js";
import { VoiceLiveSession } from "./voice-live-session.js";

/** Where this runs: Node sends handshake headers, a browser cannot. */
const RUNTIME: "node" | "browser" =
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string" ? "node" : "browser";

/**
 * A client request id for each Node connect (browsers send no headers), in the GUID form
 * the service logs: a random base drawn once per process, then the connect's sequence
 * number in the last 12 digits. Ids need to be unique, not secret, so no connect draws and
 * formats 16 random bytes. Node 20, the oldest supported, has `crypto.randomUUID`.
 */
let requestIdBase: string | undefined;
let requestSequence = 0;
const requestId = (): string => {
  requestIdBase ??= globalThis.crypto.randomUUID().slice(0, 24);
  requestSequence = (requestSequence + 1) % 2 ** 48;
  return requestIdBase + requestSequence.toString(16).padStart(12, "0");
};

/** A connect's options, checked, with its URL built. */
interface PreparedConnect {
  readonly merged: ConnectOptions;
  readonly settings: ResolvedSettings;
  readonly href: string;
  readonly transport: TransportFactory;
}

/** Per-session options of `VoiceLiveClient.connect()`. */
export type SessionOptions = Omit<ConnectOptions, "endpoint" | "credential" | "url">;

/**
 * Holds an endpoint, a credential and defaults, and opens sessions with them. Sessions
 * of one client share one token cache, refreshed in the background while any is open.
 */
export class VoiceLiveClient {
  readonly #endpoint: string | undefined;
  readonly #url: string | undefined;
  readonly #credential: VoiceLiveCredential | undefined;
  readonly #defaults: VoiceLiveClientOptions;
  /** `#defaults` resolved once; a connect without options of its own uses them as they are. */
  readonly #settings: ResolvedSettings;
  /** Made by the first connect (its module loads only for token credentials); shared by every session. */
  #tokenCache: TokenCache | undefined;
  readonly #tokenScopes: readonly string[] | undefined;

  /**
   * @param endpoint The resource endpoint (`https://…`), or `{ url }` for a credential-less relay URL.
   * @throws TypeError / RangeError for a bad endpoint, credential or option, before any I/O.
   */
  constructor(
    endpoint: string | { readonly url: string },
    credential?: VoiceLiveCredential,
    options: VoiceLiveClientOptions = {},
  ) {
    const url = relayUrl(endpoint, credential);
    if (url === undefined) {
      this.#endpoint = endpoint as string;
      this.#credential = credential;
    } else this.#url = url;
    this.#settings = resolveSettings(options);
    checkTracer(options.tracer);
    this.#defaults = options;
    if (this.#credential !== undefined && isTokenCredential(this.#credential)) this.#tokenScopes = assertScopes(options.tokenScopes);
  }

  /**
   * Opens a session: resolves after `session.created` and, when `session` is given,
   * after the matching `session.updated`.
   * @throws TypeError / RangeError for bad options before any I/O; rejects with
   *   VoiceLiveConnectionError, VoiceLiveAuthenticationError or VoiceLiveServiceError.
   */
  connect(options?: SessionOptions): Promise<VoiceLiveSession> {
    try {
      // `connect()` passes the client's own options back: they were checked when it was made.
      return options === undefined || options === this.#defaults ? this.#connectChecked(this.#defaults, this.#settings) : this.#connectOwn(options);
    } catch (error) {
      // Bad options reject, as from an async method: nothing here throws at the caller.
      return Promise.reject(error);
    }
  }

  /** A connect with options of its own, over the client's: checked now, before any wait. */
  #connectOwn(options: SessionOptions): Promise<VoiceLiveSession> {
    const merged: ConnectOptions = { ...this.#defaults, ...options };
    const settings = resolveSettings(merged);
    checkTracer(merged.tracer);
    return this.#connectChecked(merged, settings);
  }

  /** Builds the URL (checking what it is built from) and opens the session, before any I/O. */
  #connectChecked(merged: ConnectOptions, settings: ResolvedSettings): Promise<VoiceLiveSession> {
    if (merged.signal !== undefined && !(merged.signal instanceof AbortSignal)) throw new TypeError("signal must be an AbortSignal.");
    // The first connect with an endpoint waits for the URL builder, a chunk of its own.
    if (this.#url === undefined && loadUrlModule.loaded === undefined) return this.#connectWhenLoaded(merged, settings);
    const prepared: PreparedConnect = { merged, settings, href: this.#buildUrl(merged), transport: merged.transport ?? createWebSocketTransport(merged.WebSocket) };
    // A key or relay connect with nothing to do after session.created starts its socket
    // before the session exists, and hands the caller the session's own opening.
    if (this.#tokenScopes === undefined && merged.tracer === undefined && merged.session === undefined) {
      return VoiceLiveSession.start(this.#init(prepared, undefined, undefined), merged.signal);
    }
    return this.#connectWithExtras(prepared);
  }

  /** The process's first connect with an endpoint: the URL builder loads first, and an abort ends the wait. */
  async #connectWhenLoaded(merged: ConnectOptions, settings: ResolvedSettings): Promise<VoiceLiveSession> {
    // The session modules load meanwhile, as they would while the socket opens.
    loadSessionModules().catch(() => undefined);
    await untilAborted(loadUrlModule(), merged.signal);
    return this.#connectChecked(merged, settings);
  }

  /** A connect with a token cache, tracing or a session to configure. */
  async #connectWithExtras(prepared: PreparedConnect): Promise<VoiceLiveSession> {
    // Token credentials wait here once, for the cache's module, and a tracer for its own;
    // the signal ends either wait, as it ends the URL builder's.
    const { merged, href } = prepared;
    const tokenCache = this.#tokenCache ?? (this.#tokenScopes === undefined ? undefined : await untilAborted(this.#makeTokenCache(), merged.signal));
    const tracing =
      merged.tracer === undefined
        ? undefined
        : (await untilAborted(loadTracingModules(), merged.signal)).SessionTracer.start(merged.tracer, { url: new URL(href), model: merged.model, profile: merged.profile });
    const session = new VoiceLiveSession(this.#init(prepared, tokenCache, tracing?.attempts));
    // No signal of our own when the caller passes none: one that can never abort would only
    // cost an AbortController and listener bookkeeping on every connect.
    const signal = merged.signal;
    tracing?.observe(session);
    if (tokenCache !== undefined) {
      tokenCache.start();
      // Only sessions that share a token cache need a listener of their own.
      session.once("close", () => tokenCache.stop());
    }
    try {
      await session.open(signal);
      if (merged.session !== undefined) await session.updateSession(merged.session, { signal });
    } catch (error) {
      tracing?.connectFailed(error);
      await session.close();
      tokenCache?.stop();
      throw error;
    }
    tracing?.connectSucceeded();
    return session;
  }

  /** What a session on this client's endpoint and credential is made from. */
  #init({ merged, settings, href, transport }: PreparedConnect, tokenCache: TokenCache | undefined, observer: AttemptHooks | undefined): SessionInit {
    return {
      target: {
        url: href,
        credential: this.#credential,
        tokenCache,
        runtime: RUNTIME,
        allowCredentialInUrl: merged.allowCredentialInUrl ?? false,
        transport,
        maxMessageBytes: settings.maxMessageBytes,
        connectTimeoutMs: settings.connectTimeoutMs,
        headers: RUNTIME === "node" ? { "x-ms-client-request-id": requestId() } : {},
        observer,
      },
      settings,
      profile: merged.profile,
      model: merged.model,
    };
  }

  /** The client's one token cache, made on first use; concurrent connects get the same one. */
  async #makeTokenCache(): Promise<TokenCache> {
    const { TokenCache } = await loadTokenModules();
    this.#tokenCache ??= new TokenCache(this.#credential as TokenCredential, { scopes: this.#tokenScopes });
    return this.#tokenCache;
  }

  /**
   * The realtime URL, checked, as its `href`. Every connect runs this, so its common path
   * (the URL built before) is most of it: V8 warms a function up by how much of its body
   * calls run (see session-connection.ts).
   */
  #buildUrl(options: ConnectOptions): string {
    if (this.#url !== undefined) return relayHref(this.#url);
    // Each option read once: what is compared, built and remembered is the same value, even
    // from a getter.
    const { apiVersion, model, profile, foundryResourceOverride, allowInsecureConnection, agent, query } = options;
    const key: UrlKey = { endpoint: this.#endpoint!, apiVersion, model, profile, foundryResourceOverride, allowInsecureConnection };
    // Agent and extra query entries are built, and checked, every time.
    const memo = agent === undefined && query === undefined;
    return (memo ? findBuiltUrl(key) : undefined) ?? buildUrl(key, memo, agent, query);
  }
}

/**
 * The relay URL for `{ url }` (which must come without a credential), or undefined for an
 * endpoint, whose credential is checked here.
 */
function relayUrl(endpoint: string | { readonly url: string }, credential: VoiceLiveCredential | undefined): string | undefined {
  if (typeof endpoint !== "string") return relayOnly(endpoint, credential);
  if (credential === undefined || !(isTokenCredential(credential) || isKeyCredential(credential))) throw badCredential();
  return undefined;
}

function relayOnly(endpoint: { readonly url: string }, credential: VoiceLiveCredential | undefined): string {
  if (typeof endpoint !== "object" || endpoint === null || typeof endpoint.url !== "string") {
    throw new TypeError("endpoint must be a string such as https://my-resource.services.ai.azure.com, or { url } for a relay.");
  }
  if (credential !== undefined) throw new TypeError("credential must be omitted with { url }: a relay URL carries no Azure credential.");
  return endpoint.url;
}

const badCredential = (): TypeError =>
  new TypeError("credential must be a TokenCredential (e.g. DefaultAzureCredential) or an AzureKeyCredential when an endpoint is given.");

/** A relay URL, checked. */
function relayHref(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new TypeError("url must be an absolute ws:// or wss:// URL.");
  }
  if (url.protocol !== "wss:" && url.protocol !== "ws:") throw new TypeError("url must use ws:// or wss://.");
  return url.href;
}

/** The `href` built before from the same options, if any. */
function findBuiltUrl(key: UrlKey): string | undefined {
  for (let i = 0; i < builtUrls.length; i++) {
    const built = builtUrls[i]!;
    if (
      built.endpoint === key.endpoint &&
      built.apiVersion === key.apiVersion &&
      built.model === key.model &&
      built.profile === key.profile &&
      built.foundryResourceOverride === key.foundryResourceOverride &&
      built.allowInsecureConnection === key.allowInsecureConnection
    ) {
      return built.href;
    }
  }
  return undefined;
}

/** Builds and checks a realtime URL; with `memo`, remembers it for the next connect with the same options. */
function buildUrl(key: UrlKey, memo: boolean, agent: VoiceLiveUrlOptions["agent"], query: VoiceLiveUrlOptions["query"]): string {
  // The client's connect loaded the builder before it got here.
  const href = loadUrlModule.loaded!.buildVoiceLiveUrl({ ...key, agent, query }).href;
  // Only plain strings and booleans are remembered: a value of another type never compares
  // equal to one, so it is built, and checked, every time.
  if (memo && isKeyable(key.apiVersion) && isKeyable(key.model) && isKeyable(key.profile) && isKeyable(key.foundryResourceOverride) && isKeyable(key.allowInsecureConnection)) {
    if (builtUrls.length >= MAX_BUILT_URLS) builtUrls.pop();
    builtUrls.unshift({ ...key, href });
  }
  return href;
}

/** The options a realtime URL is built from, besides an agent and extra query entries. */
interface UrlKey {
  readonly endpoint: string;
  readonly apiVersion: string | undefined;
  readonly model: string | undefined;
  readonly profile: ConnectOptions["profile"];
  readonly foundryResourceOverride: string | undefined;
  readonly allowInsecureConnection: boolean | undefined;
}

/** A realtime URL already built and checked, with the options it was built from. */
interface BuiltUrl extends UrlKey {
  readonly href: string;
}

/**
 * Realtime URLs already built and checked, newest first. Building one parses the endpoint
 * and checks and encodes every query value; an app connects with the same options again
 * and again, and building is a pure function of them. Found by comparing the options
 * themselves: no key to build or hash.
 */
const builtUrls: BuiltUrl[] = [];
const MAX_BUILT_URLS = 16;
const isKeyable = (value: unknown): boolean => value === undefined || typeof value === "string" || typeof value === "boolean";

/**
 * Opens a Voice Live session in one call: `connect({ endpoint, credential, model })`, or
 * `connect({ url })` for a relay. See `VoiceLiveClient.connect()` for what it resolves and throws.
 */
export function connect(options: ConnectOptions): Promise<VoiceLiveSession> {
  if (typeof options !== "object" || options === null) throw new TypeError("connect() needs an options object.");
  // A copy: what the connect reads later, after an await, is what the caller passed now.
  const { endpoint, credential, url, ...rest } = options;
  if (url !== undefined && endpoint !== undefined) throw new TypeError("Pass either endpoint or url, not both.");
  const client = url !== undefined ? new VoiceLiveClient({ url }, credential) : new VoiceLiveClient(endpoint as string, credential, rest);
  return client.connect(rest);
}
