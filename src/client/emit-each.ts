import { EventEmitter } from "eventemitter3";

interface Listener {
  readonly fn: (...args: unknown[]) => void;
  readonly context: unknown;
  readonly once: boolean;
}

const prefix = typeof EventEmitter.prefixed === "string" ? EventEmitter.prefixed : "";

/**
 * Calls every listener of `event` like `emitter.emit` does (in order, `once` listeners
 * removed first), but each in its own try/catch: eventemitter3's `emit` stops at the first
 * listener that throws, and an app's bug must not starve the SDK's own listeners.
 * `onError` gets the emitter and the event along with the error, so one function serves
 * every call (no closure per emit).
 */
export function emitEach<E extends EventEmitter>(
  emitter: E,
  event: string,
  args: readonly unknown[],
  onError: (error: unknown, emitter: E, event: string) => void,
): void {
  const entry = (emitter as unknown as { _events: Record<string, Listener | Listener[] | undefined> })._events[prefix + event];
  if (entry === undefined) return;
  if (!Array.isArray(entry)) {
    call(emitter, event, entry, args, onError);
    return;
  }
  for (const listener of entry.slice()) call(emitter, event, listener, args, onError);
}

function call<E extends EventEmitter>(
  emitter: E,
  event: string,
  listener: Listener,
  args: readonly unknown[],
  onError: (error: unknown, emitter: E, event: string) => void,
): void {
  if (listener.once) emitter.removeListener(event, listener.fn, listener.context, true);
  try {
    listener.fn.apply(listener.context, args as unknown[]);
  } catch (error) {
    onError(error, emitter, event);
  }
}
