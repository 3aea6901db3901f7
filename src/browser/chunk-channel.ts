/**
 * The hand-off from the capture worklet (push) to the single consumer of a
 * `MicrophoneSource` (pull).
 */

interface Waiter {
  resolve(result: IteratorResult<Uint8Array>): void;
  reject(error: unknown): void;
}

/**
 * Queues chunks for one consumer. While not running it hands nothing out, so a pull waits;
 * `fail()` throws once the queued chunks are taken, `close()` ends iteration at once.
 * Past `maxChunks` the oldest chunk is dropped: a consumer that stops pulling must not make
 * a live microphone grow memory without bound.
 */
export class ChunkChannel {
  readonly #chunks: Uint8Array[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #maxChunks: number;
  #running = false;
  #closed = false;
  #error: unknown = undefined;
  #failed = false;

  constructor(maxChunks: number) {
    this.#maxChunks = maxChunks;
  }

  /** Chunks dropped because the consumer fell `maxChunks` behind. */
  dropped = 0;

  /** Lets chunks out (true) or holds them (false). */
  setRunning(running: boolean): void {
    this.#running = running;
    this.#settle();
  }

  /** Adds a chunk, dropping the oldest one when full. */
  push(chunk: Uint8Array): void {
    if (this.#closed || this.#failed) return;
    this.#chunks.push(chunk);
    if (this.#chunks.length > this.#maxChunks) {
      this.#chunks.shift();
      this.dropped++;
    }
    this.#settle();
  }

  /** Makes iteration throw `error` once the queued chunks are taken. */
  fail(error: unknown): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    this.#error = error;
    this.#settle();
  }

  /** Drops the queued chunks and ends iteration now, running or not. */
  close(): void {
    this.#closed = true;
    this.#chunks.length = 0;
    this.#settle();
  }

  /** The next chunk, waiting while the channel is empty or not running. */
  next(): Promise<IteratorResult<Uint8Array>> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#settle();
    });
  }

  #settle(): void {
    while (this.#waiters.length > 0) {
      if (this.#closed) {
        this.#waiters.shift()!.resolve({ done: true, value: undefined });
        continue;
      }
      const chunk = this.#running || this.#failed ? this.#chunks.shift() : undefined;
      if (chunk !== undefined) {
        this.#waiters.shift()!.resolve({ done: false, value: chunk });
        continue;
      }
      if (!this.#failed) return;
      const waiter = this.#waiters.shift()!;
      if (this.#error !== undefined) {
        const error = this.#error;
        this.#error = undefined;
        waiter.reject(error);
      } else {
        waiter.resolve({ done: true, value: undefined });
      }
    }
  }
}
