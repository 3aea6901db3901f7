import { isKeyCredential, keyHandshakeAuth, type HandshakeAuth, type VoiceLiveCredential } from "../auth/credential.js";
import type { TokenCache } from "../auth/token-cache.js";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import type { VoiceLiveError } from "../errors/voice-live-error.js";
import { isSdkTransport, startedUnlessAborted, startSocket, type Opening, type Starting } from "../transport/opening.js";
import type { Transport, TransportFactory } from "../transport/transport.js";
import { redactUrl } from "../url/redact-url.js";
import { loadSessionModules, loadTokenModules, loadUrlModule } from "./load-session-modules.js";
import { AttemptDeadline } from "./attempt-deadline.js";
import type { RetryPolicy } from "./retry-policy.js";

/** Everything needed to open one socket to the service. */
export interface ConnectionTarget {
  /**
   * The realtime URL without credentials, as its `href`: a session keeps the string, not
   * a URL object, and parses it only when a credential goes into the query.
   */
  readonly url: string;
  readonly credential: VoiceLiveCredential | undefined;
  readonly tokenCache: TokenCache | undefined;
  readonly runtime: "node" | "browser";
  readonly allowCredentialInUrl: boolean;
  readonly transport: TransportFactory;
  readonly maxMessageBytes: number;
  readonly connectTimeoutMs: number;
  /** Extra handshake headers, e.g. a client request id. */
  readonly headers: Readonly<Record<string, string>>;
  /** Told about every attempt on this target, besides the caller's hooks: how tracing sees connects and reconnects. */
  readonly observer?: AttemptHooks | undefined;
}

/** Reports from the attempt loop, for logging, events and tracing. */
export interface AttemptHooks {
  /** An attempt (1 for the first) is about to open a socket. */
  onAttemptStarted?(attempt: number): void;
  /** An attempt failed; `delayMs` is the wait before the next one, undefined when none follows. */
  onAttemptFailed?(error: VoiceLiveError, attempt: number, delayMs: number | undefined): void;
}

/*
 * Laid out for V8's warm-up: a function runs in the interpreter, with no inline caches,
 * until it has run about eight times its own bytecode length, and code a call skips does
 * not count. Each connect runs these once, so each function here runs most of its body on
 * the common path (a key or a relay, a socket that opens); failures, retries and the rarer
 * credentials are functions of their own.
 */

/**
 * Starts one attempt's socket with the target's credential in its headers or query:
 * synchronously for a key or a relay (no microtask hop before the socket exists); a token
 * credential first gets its token.
 */
function startAttempt(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Starting {
  const credential = target.credential;
  return isKeyCredential(credential)
    ? startWithAuth(target, keyHandshakeAuth(credential, target.runtime))
    : startWithoutKey(target, forceRefresh, signal);
}

/** A relay's attempt (no credential), or a token credential's. */
function startWithoutKey(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Starting {
  if (target.credential === undefined) {
    return startSocket(target.transport, { url: target.url, headers: target.headers, maxMessageBytes: target.maxMessageBytes });
  }
  // The client loaded the token modules already, for its cache.
  return loadTokenModules().then((modules) => modules.startWithToken(target, forceRefresh, signal));
}

/** Starts the socket with a handshake's credential in its headers or query. */
export function startWithAuth(target: ConnectionTarget, auth: HandshakeAuth): Starting {
  const query = auth.query;
  return query["api-key"] === undefined && query["authorization"] === undefined ? startAuthed(target, auth, target.url) : startWithQuery(target, auth);
}

/**
 * A browser's credential goes in the query. The URL builder is here by then (the client
 * built the URL with it), unless the target came from elsewhere.
 */
function startWithQuery(target: ConnectionTarget, auth: HandshakeAuth): Starting {
  const start = ({ appendCredentialQuery }: NonNullable<typeof loadUrlModule.loaded>): Starting => {
    const apiKey = auth.query["api-key"];
    const credential = apiKey !== undefined ? { apiKey } : { bearerToken: auth.query["authorization"]!.replace(/^Bearer /, "") };
    return startAuthed(target, auth, appendCredentialQuery(new URL(target.url), credential).href);
  };
  const loaded = loadUrlModule.loaded;
  return loaded !== undefined ? start(loaded) : loadUrlModule().then(start);
}

function startAuthed(target: ConnectionTarget, auth: HandshakeAuth, url: string): Starting {
  return startSocket(target.transport, { url, headers: { ...target.headers, ...auth.headers }, maxMessageBytes: target.maxMessageBytes });
}

/**
 * Watches one attempt from the moment its socket starts opening: a timeout or an abort
 * cancels it. The default deadline covers the handshake alone; a session's covers
 * `session.created` too, and stays armed after the socket opens.
 */
export type ArmAttempt = (opening: Opening) => AttemptWatch;

/** What the attempt loop needs of an attempt's deadline. */
export type AttemptWatch = Pick<AttemptDeadline<unknown>, "opened" | "error" | "dispose">;

/** The handshake alone, within `connectTimeoutMs`. */
const armHandshake =
  (target: ConnectionTarget, signal: AbortSignal | undefined): ArmAttempt =>
  (opening) =>
    new AttemptDeadline<unknown>(target.connectTimeoutMs, !isSdkTransport(target.transport), signal, opening, () => handshakeTimeout(target));

/** The error for a handshake that did not finish in time. */
export const handshakeTimeout = (target: ConnectionTarget): VoiceLiveConnectionError =>
  new VoiceLiveConnectionError(
    "handshake_timeout",
    `The handshake with ${redactUrl(target.url)} did not finish within ${target.connectTimeoutMs} ms.`,
    { retryable: true },
  );

/**
 * Opens a socket, retrying what can be retried: network errors, timeouts, 408, 429
 * (honouring `Retry-After`) and 5xx except 501. A 401 with a token credential gets one
 * immediate retry with a freshly fetched token; nothing else is retried. Without a
 * `signal` nothing but the retry policy ends the attempts. `arm` watches each attempt;
 * by default a deadline of `connectTimeoutMs` for the handshake, ended once it opens.
 */
export function openWithRetries(
  target: ConnectionTarget,
  policy: RetryPolicy,
  /** Aborts connecting; undefined when nothing can abort it. */
  signal: AbortSignal | undefined,
  hooks: AttemptHooks = {},
  arm?: ArmAttempt,
  /** The first attempt, started by `startFirst`, which told the observer (the caller's hooks learn of later attempts only). */
  started?: Starting,
): Promise<Transport> {
  if (started === undefined) attemptStarted(hooks, target, 1);
  // What follows a failed attempt (the 401 refresh, the verdict, the reports, the backoff)
  // loads with the session modules, which every connect starts loading: a connect that
  // never fails never needs it.
  return openOnce(target, false, signal, arm, started).catch((error: unknown) => {
    // An abort ends the attempts at once: no wait for the modules, no report.
    if (signal?.aborted) throw signal.reason;
    return loadSessionModules().then((modules) => modules.retryAttempts(error, target, policy, signal, hooks, arm));
  });
}

/**
 * Starts a session's first socket, unless the signal has aborted, telling the target's
 * observer first; `openWithRetries` takes it over. Throws for an aborted signal or a key
 * that cannot go in a header.
 */
export function startFirst(target: ConnectionTarget, signal: AbortSignal | undefined): Starting {
  target.observer?.onAttemptStarted?.(1);
  return startChecked(target, false, signal);
}

/** Starts an attempt's socket, unless the signal has aborted. */
function startChecked(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Starting {
  // The deadline listens from the socket's start: an abort before then is seen here.
  signal?.throwIfAborted();
  return startAttempt(target, forceRefresh, signal);
}

/** Tells the caller's hooks and the target's observer that attempt `attempt` starts. */
export function attemptStarted(hooks: AttemptHooks, target: ConnectionTarget, attempt: number): void {
  hooks.onAttemptStarted?.(attempt);
  target.observer?.onAttemptStarted?.(attempt);
}

/** One attempt: resolves with its open socket, or rejects with why it failed. */
export async function openOnce(
  target: ConnectionTarget,
  forceRefresh: boolean,
  signal: AbortSignal | undefined,
  arm: ArmAttempt | undefined,
  started: Starting = startChecked(target, forceRefresh, signal),
): Promise<Transport> {
  // Aborted as the opening arrived, or while a first attempt's request went out (see
  // `startFirst`): no deadline would hear of it, so it is dropped here.
  const ready = startedUnlessAborted(started, signal);
  const opening = ready instanceof Promise ? await ready : ready;
  const deadline = (arm ?? armHandshake(target, signal))(opening);
  let transport: Transport;
  try {
    transport = await opening.promise;
  } catch (error) {
    deadline.dispose();
    throw error;
  }
  if (!deadline.opened(transport)) throw deadline.error;
  // The handshake's own deadline ends with it; a caller's goes on.
  if (arm === undefined) deadline.dispose();
  return transport;
}
