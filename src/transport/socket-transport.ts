import type { HandlerSlot } from "./handler-slot.js";
import type { Transport, TransportHandlers } from "./transport.js";

/** WebSocket `readyState` OPEN, in both `ws` and browsers. */
const OPEN = 1;

/** The parts of a socket both implementations share. */
export interface SocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** What `ws` adds that this class calls: a ping, and a drop without a close handshake. */
export interface PingableSocket {
  ping(): void;
  terminate(): void;
}

/**
 * An open socket as a `Transport`, for `ws` and browsers alike. The methods live on the
 * prototype, so each open socket costs one small object rather than a closure per method.
 */
export class SocketTransport implements Transport {
  readonly #socket: SocketLike;
  readonly #slot: HandlerSlot;
  /** Set for `ws`, which can ping and drop a socket; browsers can do neither. */
  readonly #ws: PingableSocket | undefined;

  constructor(socket: SocketLike, slot: HandlerSlot, ws?: PingableSocket) {
    this.#socket = socket;
    this.#slot = slot;
    this.#ws = ws;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  get canPing(): boolean {
    return this.#ws !== undefined;
  }

  get handlers(): TransportHandlers {
    return this.#slot;
  }

  set handlers(handlers: TransportHandlers) {
    this.#slot.attach(handlers);
  }

  send(text: string): boolean {
    if (this.#socket.readyState !== OPEN) return false;
    this.#socket.send(text);
    return true;
  }

  ping(): void {
    this.#ws?.ping();
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  terminate(): void {
    if (this.#ws !== undefined) this.#ws.terminate();
    else this.#socket.close(4000, "terminated");
  }
}
