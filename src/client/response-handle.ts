import type { RealtimeResponse } from "../protocol/response.js";

/**
 * A response in flight. Awaiting the handle gives the final response from
 * `response.done` (check its `status`); `created` resolves when it starts.
 */
export class ResponseHandle implements PromiseLike<RealtimeResponse> {
  /** The `event_id` of the `response.create` that started it. */
  readonly eventId: string;
  /** Resolves with the response object of `response.created`. */
  readonly created: Promise<RealtimeResponse>;
  /** Resolves with the response object of `response.done`. */
  readonly done: Promise<RealtimeResponse>;
  readonly #cancel: (responseId: string | undefined) => Promise<void>;

  /** @internal */
  constructor(
    eventId: string,
    created: Promise<RealtimeResponse>,
    done: Promise<RealtimeResponse>,
    cancel: (responseId: string | undefined) => Promise<void>,
  ) {
    this.eventId = eventId;
    this.created = created;
    this.done = done;
    this.#cancel = cancel;
    // The handle may be dropped unawaited; a rejection then must not go unhandled.
    created.catch(() => {});
    done.catch(() => {});
  }

  /** Sends `response.cancel` for this response once it has started. */
  async cancel(): Promise<void> {
    const response = await this.created;
    await this.#cancel(response.id);
  }

  then<A = RealtimeResponse, B = never>(
    onFulfilled?: ((value: RealtimeResponse) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onFulfilled, onRejected);
  }
}
