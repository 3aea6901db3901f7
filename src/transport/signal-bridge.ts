/**
 * Between openings and AbortSignals, for what the SDK's own connects never need: an app's
 * own transport factory (it gets a signal) and an app calling one of the SDK's factories
 * itself (it passes one). Loaded by dynamic import the first time either happens.
 */
import { startedUnlessAborted, startOrFail, type Opening, type SocketOptions, type StartSocket } from "./opening.js";
import type { Transport, TransportFactory, TransportOpenOptions } from "./transport.js";

/** Opens through a public factory; `cancel` aborts its signal, and the promise then rejects with the reason. */
export function startWithSignal(factory: TransportFactory, options: SocketOptions): Opening {
  const controller = new AbortController();
  let settled = false;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<Transport>((resolve, reject) => {
    fail = reject;
    let opened: Promise<Transport>;
    try {
      opened = factory({ url: options.url, headers: options.headers, maxMessageBytes: options.maxMessageBytes, signal: controller.signal });
    } catch (error) {
      opened = Promise.reject(error);
    }
    Promise.resolve(opened).then(
      (transport) => {
        // Cancelled first: nobody will use this transport.
        if (settled) return transport.terminate();
        settled = true;
        resolve(transport);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(error);
      },
    );
  });
  return {
    promise,
    cancel(reason) {
      if (settled) return;
      settled = true;
      controller.abort(reason);
      fail(reason);
    },
  };
}

/** Opens through a signal-free entry for a caller with a signal, whose abort cancels the opening. */
export async function openWithSignal(start: StartSocket, options: TransportOpenOptions): Promise<Transport> {
  const signal = options.signal;
  signal.throwIfAborted();
  const ready = startedUnlessAborted(startOrFail(start, options), signal);
  const opening = ready instanceof Promise ? await ready : ready;
  const onAbort = (): void => opening.cancel(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await opening.promise;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
