/** What every contender offers the bench: one open session and the few calls the tests make. */
export interface Connection {
  /** Called once per audio delta with the decoded byte length. */
  onAudio: (bytes: number) => void;
  /** Called once per `response.done`. */
  onResponseDone: () => void;
  /** Sends `response.create` (the server then streams its reply). */
  requestResponse(): void;
  /** Sends one `input_audio_buffer.append`; the returned promise paces the caller. */
  sendAudio(pcm: Uint8Array): Promise<void> | void;
  /** Sends `input_audio_buffer.commit` and resolves on `input_audio_buffer.committed`. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a connection and resolves once `session.created` has been received. */
export type Contender = (port: number, model: string) => Promise<Connection>;

export const noop = (): void => {};

/** The high-water mark every backpressure check uses (our default `highWaterMarkBytes`). */
export const HIGH_WATER_BYTES = 256 * 1024;

/** A one-shot waiter: `wait()` resolves on the next `fire()`. */
export class Signal {
  #resolve: (() => void) | undefined;
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }
  fire(): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }
}
