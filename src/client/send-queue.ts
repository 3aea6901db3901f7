import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import type { Transport } from "../transport/transport.js";

interface Queued {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Frames that wait while the session (re)connects or rotates, bounded in bytes, sent in
 * order once a socket is ready. Nothing leaves it silently: each entry is sent or rejected.
 */
export class SendQueue {
  readonly #entries: Queued[] = [];
  #bytes = 0;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get length(): number {
    return this.#entries.length;
  }

  /** Queues a frame; rejects at once with `send_queue_full` past the byte bound. */
  enqueue(text: string, state: string): Promise<void> {
    if (this.#bytes + text.length > this.#maxBytes) {
      return Promise.reject(
        new VoiceLiveConnectionError(
          "send_queue_full",
          `The send queue holds ${this.#bytes} bytes while ${state}; maxQueuedBytes is ${this.#maxBytes}.`,
          { retryable: true },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#entries.push({ text, resolve, reject });
      this.#bytes += text.length;
    });
  }

  /** Sends every queued frame in order while `stillCurrent()` holds and the socket takes them. */
  flush(send: (text: string) => boolean, stillCurrent: () => boolean): void {
    while (this.#entries.length > 0 && stillCurrent()) {
      const entry = this.#entries[0]!;
      if (!send(entry.text)) return;
      this.#entries.shift();
      this.#bytes -= entry.text.length;
      entry.resolve();
    }
  }

  /**
   * Rejects everything still queued with one error, made only when something is queued:
   * an error captures a stack trace, and most closes find the queue empty.
   */
  rejectAll(makeError: () => unknown): void {
    if (this.#entries.length === 0) return;
    const entries = this.#entries.splice(0);
    this.#bytes = 0;
    const error = makeError();
    for (const entry of entries) entry.reject(error);
  }
}

/**
 * Resolves once the socket holds no more than `highWaterMark` bytes, so an awaited send
 * paces its producer. `fate` says whether the socket is still the session's (`current`),
 * was handed over cleanly (`retired`: the data went out on it) or was lost (`gone`).
 */
export function waitForDrain(
  transport: Transport,
  highWaterMark: number,
  fate: () => "current" | "retired" | "gone",
): Promise<void> {
  if (transport.bufferedAmount <= highWaterMark) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const now = fate();
      if (now === "retired") resolve();
      else if (now === "gone") {
        reject(new VoiceLiveConnectionError("connection_closed", "The connection closed before the data was sent.", { retryable: true }));
      } else if (transport.bufferedAmount <= highWaterMark) resolve();
      else setTimeout(poll, 5);
    };
    setTimeout(poll, 5);
  });
}
