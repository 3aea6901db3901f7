/**
 * A push-to-pull queue behind `for await (const event of session)`: events pushed
 * while nobody waits are buffered for this iterator only, and `end()` finishes it.
 */
export class EventStream<T> implements AsyncIterator<T>, AsyncIterable<T> {
  readonly #buffer: T[] = [];
  readonly #waiting: ((result: IteratorResult<T>) => void)[] = [];
  #ended = false;
  readonly #onReturn: () => void;

  constructor(onReturn: () => void) {
    this.#onReturn = onReturn;
  }

  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ value, done: false });
    else this.#buffer.push(value);
  }

  end(): void {
    this.#ended = true;
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#buffer.length > 0) return Promise.resolve({ value: this.#buffer.shift()!, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.#buffer.length = 0;
    this.end();
    this.#onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The async iterators open on a session: each gets every event from its start until `end()`. */
export class EventFanout<T> {
  /** Created by the first iterator: most sessions never open one. */
  #streams: Set<EventStream<T>> | undefined;

  /** A new iterator; already finished when `ended`. */
  open(ended: boolean): EventStream<T> {
    const stream = new EventStream<T>(() => this.#streams?.delete(stream));
    if (ended) stream.end();
    else (this.#streams ??= new Set()).add(stream);
    return stream;
  }

  push(value: T): void {
    if (this.#streams === undefined) return;
    for (const stream of this.#streams) stream.push(value);
  }

  end(): void {
    if (this.#streams === undefined) return;
    for (const stream of this.#streams) stream.end();
    this.#streams.clear();
  }
}
