import { EventEmitter } from "eventemitter3";

interface Listener {
  readonly fn: (...args: unknown[]) => void;
  readonly context: unknown;
  readonly once: boolean;
}

const prefix = typeof EventEmitter.prefixed === "string" ? EventEmitter.prefixed : "";

/**
 * Calls every listener of `event` with `arg` like `emitter.emit` does (in order, `once`
 * listeners removed first), but each in its own try/catch: eventemitter3's `emit` stops at the first
 * listener that throws, and an app's bug must not starve the SDK's own listeners.
 * `onError` gets the emitter and the event along with the error, so one function serves
 * every call (no closure per emit). Every session event has one argument, so none is
 * wrapped in an array.
 */
export function emitEach<E extends EventEmitter>(
  emitter: E,
  event: string,
  arg: unknown,
  onError: (error: unknown, emitter: E, event: string) => void,
): void {
  const entry = (emitter as unknown as { _events: Record<string, Listener | Listener[] | undefined> })._events[prefix + event];
  if (entry === undefined) return;
  if (!Array.isArray(entry)) {
    call(emitter, event, entry, arg, onError);
    return;
  }
  for (const listener of entry.slice()) call(emitter, event, listener, arg, onError);
}

function call<E extends EventEmitter>(
  emitter: E,
  event: string,
  listener: Listener,
  arg: unknown,
  onError: (error: unknown, emitter: E, event: string) => void,
): void {
  if (listener.once) emitter.removeListener(event, listener.fn, listener.context, true);
  try {
    listener.fn.call(listener.context, arg);
  } catch (error) {
    onError(error, emitter, event);
  }
}
