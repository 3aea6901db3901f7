/**
 * The hand-off between a push-based producer (a stream, a child's stdout, a capture
 * worklet) and the single pull-based consumer of an `AudioSource`, shared by the Node and
 * browser adapters.
 */

interface Waiter {
  resolve(result: IteratorResult<Uint8Array>): void;
  reject(error: unknown): void;
}

/**
 * Queues chunks for one consumer. Nothing is handed out while the queue is not running
 * (the source is stopped or not started), so iteration waits; `end()` finishes iteration
 * after the queued chunks, `fail()` throws after them, `close()` finishes it at once.
 * `onLow` is called when a consumer takes the queue back under `highWater` after `push`
 * reported it full, so the producer can resume.
 */
export class ChunkQueue {
  readonly #chunks: Uint8Array[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #highWater: number;
  readonly #onLow: () => void;
  #running = false;
  #ended = false;
  #closed = false;
  #error: unknown = undefined;
  #full = false;
  readonly #maxChunks: number;
  /** Chunks dropped because the consumer fell `maxChunks` behind. */
  dropped = 0;

  /**
   * @param onLow Called when the consumer drains a full queue below half of `highWater`.
   * @param highWater Queue length at which `push` tells the producer to pause.
   * @param maxChunks Past this length the oldest chunk is dropped: a live microphone that
   *   cannot pause must not grow memory without bound when nobody pulls.
   */
  constructor(onLow: () => void = () => {}, highWater = 50, maxChunks = Number.POSITIVE_INFINITY) {
    this.#onLow = onLow;
    this.#highWater = highWater;
    this.#maxChunks = maxChunks;
  }

  /** True once `end`, `fail` or `close` was called. */
  get finished(): boolean {
    return this.#ended || this.#closed;
  }

  /** Lets chunks out (true) or holds them (false). */
  setRunning(running: boolean): void {
    this.#running = running;
    this.#settle();
  }

  /** Adds a chunk; returns false when the queue is full and the producer should pause. */
  push(chunk: Uint8Array): boolean {
    if (this.finished) return true;
    this.#chunks.push(chunk);
    if (this.#chunks.length > this.#maxChunks) {
      this.#chunks.shift();
      this.dropped++;
    }
    this.#settle();
    this.#full = this.#chunks.length >= this.#highWater;
    return !this.#full;
  }

  /** Ends iteration once the queued chunks are taken. */
  end(): void {
    if (this.finished) return;
    this.#ended = true;
    this.#settle();
  }

  /** Makes iteration throw `error` once the queued chunks are taken. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.#error = error;
    this.#ended = true;
    this.#settle();
  }

  /** Drops the queued chunks and ends iteration now, running or not. */
  close(): void {
    this.#closed = true;
    this.#chunks.length = 0;
    this.#settle();
  }

  /** The next chunk, waiting while the queue is empty or not running. */
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
      if (!this.#running) return;
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        this.#waiters.shift()!.resolve({ done: false, value: chunk });
        if (this.#full && this.#chunks.length < this.#highWater / 2) {
          this.#full = false;
          this.#onLow();
        }
        continue;
      }
      if (!this.#ended) return;
      const waiter = this.#waiters.shift()!;
      if (this.#error !== undefined) {
        const error = this.#error;
        // Thrown once; later calls just see the end, as for any finished iterator.
        this.#error = undefined;
        waiter.reject(error);
      } else {
        waiter.resolve({ done: true, value: undefined });
      }
    }
  }
}

/** An async iterator over a queue whose early exit (`break`) closes the source. */
export function queueIterator(queue: ChunkQueue, close: () => Promise<void>): AsyncIterableIterator<Uint8Array> {
  return {
    next: () => queue.next(),
    return: async () => {
      await close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
