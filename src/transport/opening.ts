import { untilAborted } from "../errors/until-aborted.js";
import { loadChunk } from "./load-chunk.js";
import type * as SignalBridge from "./signal-bridge.js";
import type { Transport, TransportFactory, TransportOpenOptions } from "./transport.js";

/**
 * A socket being opened, cancellable without an AbortSignal: the SDK's own transports
 * open this way, so a connect costs no AbortController and no EventTarget listener (in
 * Node, registering one on a fresh signal costs more than the rest of an attempt's setup).
 */
export interface Opening {
  /** Resolves with the open transport; after `cancel(reason)` it rejects with that reason. */
  readonly promise: Promise<Transport>;
  /** Fails the opening with `reason` and drops its socket; does nothing once it has settled. */
  cancel(reason: unknown): void;
  /**
   * Runs `run` once the handshake request has been written to the socket, or once the
   * opening has settled, whichever comes first; at once if either has happened. Called at
   * most once. A request may never go out (a host that does not answer): `whenSent` bounds
   * the wait.
   */
  afterSend?(run: () => void): void;
}

/** What opening a socket needs, besides the signal a public `TransportFactory` also gets. */
export interface SocketOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxMessageBytes: number;
}

/**
 * An opening, or the promise of one when the socket cannot start yet (the first connect
 * of a process waits for `ws`, or for the bridge below). Nothing is opened until then, so
 * there is nothing to cancel.
 */
export type Starting = Opening | Promise<Opening>;

/** Where the SDK's own factories keep their signal-free entry. */
export const START_SOCKET: unique symbol = Symbol("voicelive.startSocket");

/**
 * True for the SDK's own transports, whose sockets keep a Node process alive while they
 * open; an app's factory may hold no handle until it delivers a transport.
 */
export const isSdkTransport = (factory: TransportFactory): boolean => (factory as StartingFactory)[START_SOCKET] !== undefined;

/** The signal-free entry of a factory. */
export type StartSocket = (options: SocketOptions) => Starting;

/** A transport factory, with the signal-free entry when it is one of the SDK's own. */
export type StartingFactory = TransportFactory & { readonly [START_SOCKET]?: StartSocket };

/**
 * Starts opening a socket: through the signal-free entry when the factory has one, else
 * through the public interface with an AbortController that `cancel` aborts (that bridge
 * is its own module, loaded only by apps with a factory of their own). Either way, after
 * `cancel(reason)` the promise rejects with `reason`, and a transport that a factory still
 * delivers afterwards is dropped.
 */
export function startSocket(factory: TransportFactory, options: SocketOptions): Starting {
  const start = (factory as StartingFactory)[START_SOCKET];
  return start !== undefined ? startOrFail(start, options) : startBridged(factory, options);
}

/** An app's own factory, through the bridge. */
function startBridged(factory: TransportFactory, options: SocketOptions): Starting {
  const bridge = loadBridge.loaded;
  return bridge !== undefined ? bridge.startWithSignal(factory, options) : loadBridge().then((loaded) => loaded.startWithSignal(factory, options));
}

/**
 * A public factory over a signal-free entry: the signal's abort cancels the opening.
 * This is what an app calling `createWebSocketTransport()` itself gets.
 */
export function withSignal(start: StartSocket): StartingFactory {
  const factory = (options: TransportOpenOptions): Promise<Transport> => {
    const bridge = loadBridge.loaded;
    return bridge !== undefined ? bridge.openWithSignal(start, options) : loadBridge().then((loaded) => loaded.openWithSignal(start, options));
  };
  return Object.assign(factory, { [START_SOCKET]: start });
}

/** The bridge between openings and signals, for what the SDK's own connects never need. */
const loadBridge = loadChunk<typeof SignalBridge>("transport bridge", () => import("./signal-bridge.js"));

/**
 * Runs `run` once the opening's handshake request is out (`Opening.afterSend`), so that
 * work the handshake does not need runs while the server answers instead of delaying the
 * request; at once for an opening that cannot tell, or for a start still under way. `run`
 * arms the attempt's deadline and hears its signal, so the wait is bounded: after two
 * turns of the event loop it runs anyway, as it does for wss://, whose request waits for
 * the TLS handshake (one turn is not enough: from a poll callback, a check-phase callback
 * runs before the next poll, the one that writes a loopback request).
 */
export function whenSent<T>(started: Starting, run: () => Promise<T>): Promise<T> {
  if (started instanceof Promise || started.afterSend === undefined) return run();
  const opening = started;
  return new Promise<T>((resolve, reject) => {
    let ran = false;
    const runOnce = (): void => {
      if (ran) return;
      ran = true;
      // `run` takes the opening over; if it throws instead, nobody will use the socket.
      try {
        run().then(resolve, reject);
      } catch (error) {
        dropOpening(opening, error);
        reject(error);
      }
    };
    opening.afterSend!(runOnce);
    if (!ran) nextTurn(() => nextTurn(runOnce));
  });
}

/** The next turn of the event loop: `setImmediate` on Node, a zero timer where there is none (this module is in browser bundles too). */
const nextTurn = (run: () => void): void => {
  if (typeof setImmediate === "function") setImmediate(run);
  else setTimeout(run, 0);
};

/** A start that throws (a bad URL for the WebSocket constructor) is an opening that failed. */
export function startOrFail(start: StartSocket, options: SocketOptions): Starting {
  // One return, after the try: a call that returns from inside it counts for little
  // towards V8's warm-up (see session-connection.ts).
  let starting: Starting;
  try {
    starting = start(options);
  } catch (error) {
    starting = Promise.reject(error);
  }
  return starting;
}

/**
 * The opening a start gives, unless the signal aborts first. A start that needs a token or
 * a chunk is waited for, and an abort ends that wait at once; an opening that comes after
 * all, or that arrives as the signal aborts, is dropped, and the abort's reason is thrown.
 * A start that gave its opening at once stays synchronous.
 */
export function startedUnlessAborted(started: Starting, signal: AbortSignal | undefined): Starting {
  return started instanceof Promise ? startedOrAborted(started, signal).then((opening) => keptUnlessAborted(opening, signal)) : keptUnlessAborted(started, signal);
}

function keptUnlessAborted(opening: Opening, signal: AbortSignal | undefined): Opening {
  if (signal?.aborted) {
    dropOpening(opening, signal.reason);
    throw signal.reason;
  }
  return opening;
}

/** The wait for an opening that needs a token or a chunk first: the signal's abort ends it at once. */
function startedOrAborted(started: Promise<Opening>, signal: AbortSignal | undefined): Promise<Opening> {
  if (signal === undefined) return started;
  started.then((opening) => {
    if (signal.aborted) dropOpening(opening, signal.reason);
  }, ignore);
  return untilAborted(started, signal);
}

/**
 * Cancels an opening nobody will use. `cancel` does nothing once the opening has settled,
 * and a settled opening's socket is its caller's: that socket is terminated here.
 */
function dropOpening(opening: Opening, reason: unknown): void {
  opening.cancel(reason);
  opening.promise.then((transport) => transport.terminate(), ignore);
}

const ignore = (): void => undefined;
