import type { Opening } from "../transport/opening.js";
import type { Transport } from "../transport/transport.js";
import { scheduleDeadline, type Deadline } from "./deadline-queue.js";

const ignore = (): void => undefined;

/**
 * One connect attempt's deadline and abort, armed as its socket starts opening: a timeout
 * or the signal's abort cancels the opening, or drops the socket once it is open. Until
 * then it waits for what completes the attempt (for a session, `session.created`). One
 * deadline (`deadline-queue.ts`) covers the whole attempt, and the object is both the
 * deadline's target and the signal's listener, so arming it creates no closures.
 */
export class AttemptDeadline<T> {
  /** Settles with the attempt; a failure nobody waits for is not an unhandled rejection. */
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  readonly #deadline: Deadline;
  readonly #signal: AbortSignal | undefined;
  readonly #opening: Opening;
  /** The error for a timeout: before the socket opened, or after. */
  readonly #onTimeout: (opened: boolean) => unknown;
  /** Runs once, however the attempt ends. */
  readonly #onEnd: (() => void) | undefined;
  #transport: Transport | undefined;
  #done = false;
  /** True once the attempt has failed, with `error` saying why. */
  failed = false;
  error: unknown;

  /**
   * @param keepAlive Keep the process alive until the attempt ends, as a timer of its own
   *   would: for a transport that may hold no handle while it opens (an app's factory).
   */
  constructor(
    timeoutMs: number,
    keepAlive: boolean,
    signal: AbortSignal | undefined,
    opening: Opening,
    onTimeout: (opened: boolean) => unknown,
    onEnd?: () => void,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.promise.catch(ignore);
    this.#signal = signal;
    this.#opening = opening;
    this.#onTimeout = onTimeout;
    this.#onEnd = onEnd;
    this.#deadline = scheduleDeadline(this, timeoutMs, keepAlive);
    signal?.addEventListener("abort", this, { once: true });
  }

  /** The socket opened. False when the attempt had already failed: the socket is dropped. */
  opened(transport: Transport): boolean {
    if (this.#done) {
      transport.terminate();
      return false;
    }
    this.#transport = transport;
    return true;
  }

  /** The attempt is complete. */
  resolve(value: T): void {
    if (this.#finish()) this.#resolve(value);
  }

  /** The attempt failed: its opening is cancelled, or its socket dropped. */
  reject(error: unknown): void {
    if (!this.#finish()) return;
    this.failed = true;
    this.error = error;
    this.#opening.cancel(error);
    this.#transport?.terminate();
    this.#reject(error);
  }

  /** Stops the deadline and the listener without settling: the attempt failed elsewhere, or needs no more watching. */
  dispose(): void {
    this.#finish();
  }

  /** @internal The deadline passed. */
  expire(): void {
    if (!this.#done) this.reject(this.#onTimeout(this.#transport !== undefined));
  }

  /** @internal The signal aborted (this object is its `abort` listener). */
  handleEvent(): void {
    this.reject(this.#signal!.reason);
  }

  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#deadline.cancel();
    this.#signal?.removeEventListener("abort", this);
    this.#onEnd?.();
    return true;
  }
}
