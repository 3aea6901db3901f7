import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import type { VoiceLiveServiceError } from "../errors/service-error.js";
import type { ReceivedServerEvent } from "../events/event-map.js";

interface Pending {
  readonly eventId: string;
  readonly matches: (event: ReceivedServerEvent) => boolean;
  readonly resolve: (event: ReceivedServerEvent) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Matches server acknowledgements to the calls that asked for them. The service echoes
 * a client `event_id` only in `error` events, so successes are matched by content (an
 * item id) or, where nothing identifies them, by order of sending.
 */
export class PendingRequests {
  readonly #pending: Pending[] = [];

  /** Registers a call; the promise settles with the first matching event, a matching error, or `rejectAll`. */
  wait<E extends ReceivedServerEvent>(
    eventId: string,
    matches: (event: ReceivedServerEvent) => boolean,
    signal?: AbortSignal,
    first = false,
  ): Promise<E> {
    const promise = new Promise<E>((resolve, reject) => {
      const onAbort = () => {
        this.#remove(entry);
        reject(signal?.reason);
      };
      const entry: Pending = {
        eventId,
        matches,
        resolve: (event) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(event as E);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      // A wait for an event the session itself sends ahead of queued ones goes first.
      if (first) this.#pending.unshift(entry);
      else this.#pending.push(entry);
    });
    // The caller awaits this only after its send went out; a close in between must not
    // count as an unhandled rejection. The caller still sees the rejection when it awaits.
    promise.catch(() => {});
    return promise;
  }

  /** Settles the first call this event acknowledges; true when one was waiting. */
  resolve(event: ReceivedServerEvent): boolean {
    // Runs for every received event: a plain loop, no closure per call.
    const pending = this.#pending;
    for (let index = 0; index < pending.length; index++) {
      const entry = pending[index]!;
      if (!entry.matches(event)) continue;
      pending.splice(index, 1);
      entry.resolve(event);
      return true;
    }
    return false;
  }

  /** Forgets every wait of a client event that was never sent; its caller gets the send's error. */
  discard(eventId: string): void {
    for (let i = this.#pending.length - 1; i >= 0; i--) {
      if (this.#pending[i]!.eventId === eventId) this.#pending.splice(i, 1);
    }
  }

  /** Rejects every wait of the client event that failed; true when one was waiting. */
  rejectByEventId(eventId: string, error: VoiceLiveServiceError): boolean {
    const failed = this.#pending.filter((p) => p.eventId === eventId);
    for (const entry of failed) {
      this.#pending.splice(this.#pending.indexOf(entry), 1);
      entry.reject(error);
    }
    return failed.length > 0;
  }

  /** Rejects every waiting call: their acknowledgements can no longer arrive. */
  rejectAll(reason: string): void {
    const entries = this.#pending.splice(0);
    for (const entry of entries) {
      entry.reject(new VoiceLiveConnectionError("session_closed", reason, { retryable: false }));
    }
  }

  get size(): number {
    return this.#pending.length;
  }

  #remove(entry: Pending): void {
    const index = this.#pending.indexOf(entry);
    if (index !== -1) this.#pending.splice(index, 1);
  }
}
