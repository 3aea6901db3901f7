import type { Frame, TransportHandlers } from "./transport.js";

/**
 * Holds transport events that arrive before the owner attaches its handlers: a server
 * may send its first event in the same tick the socket opens, and it must not be lost.
 */
export class HandlerSlot implements TransportHandlers {
  #handlers: TransportHandlers | undefined;
  /** Created by the first early event. */
  #early: ((handlers: TransportHandlers) => void)[] | undefined;

  get handlers(): TransportHandlers {
    return this;
  }

  attach(handlers: TransportHandlers): void {
    this.#handlers = handlers;
    const early = this.#early;
    this.#early = undefined;
    if (early !== undefined) replay(early, handlers);
  }

  message(frame: Frame): void {
    if (this.#handlers) this.#handlers.message(frame);
    else (this.#early ??= []).push((h) => h.message(frame));
  }

  close(code: number, reason: string, wasClean: boolean): void {
    if (this.#handlers) this.#handlers.close(code, reason, wasClean);
    else (this.#early ??= []).push((h) => h.close(code, reason, wasClean));
  }

  pong(): void {
    this.#handlers?.pong();
  }
}

/** Hands the events held in a slot to its handlers, in order. */
function replay(early: readonly ((handlers: TransportHandlers) => void)[], handlers: TransportHandlers): void {
  for (const event of early) event(handlers);
}
