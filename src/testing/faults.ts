/** A misbehaviour the simulator can show on a live connection. */
export type FaultAction =
  /** Closes with this code (1000–1003, 1007–1014, 3000–4999) and reason. */
  | { readonly type: "close"; readonly code: number; readonly reason?: string }
  /** Destroys the TCP connection without a close frame (the client sees 1006). */
  | { readonly type: "drop" }
  /** Stops answering WebSocket pings for the rest of the connection. */
  | { readonly type: "stop-pings" }
  /** Sends a text frame that is not JSON. */
  | { readonly type: "send-malformed-json"; readonly text?: string }
  /** Sends a binary frame. */
  | { readonly type: "send-binary"; readonly bytes?: Uint8Array }
  /** Sends a JSON event whose `type` no client knows. */
  | { readonly type: "send-unknown-type"; readonly eventType?: string }
  /** Sends a JSON event padded to this many bytes. */
  | { readonly type: "send-oversized"; readonly bytes: number }
  /** Adds thinking time before every later response streams. */
  | { readonly type: "delay-responses"; readonly delayMs: number }
  /** Later responses send `response.created` and then nothing until cancelled. */
  | { readonly type: "stall-responses" };

/** How the next handshake is refused. */
export interface HandshakeRefusal {
  /** HTTP status, 400–599. */
  readonly status: number;
  /** Sent as the `Retry-After` header, seconds. */
  readonly retryAfterSeconds?: number;
  /** The `error.code` of the JSON body (defaults to the status number). */
  readonly code?: string;
  readonly message?: string;
}

/** What happens to one future connection. */
export interface ConnectionFault {
  /** Refuse the handshake instead of upgrading. */
  readonly refuse?: HandshakeRefusal;
  /** Actions run on the connection once it is open. */
  readonly actions?: readonly FaultAction[];
  /**
   * When the actions run: right after `session.created` (default), or when the client
   * first sends an event of this type (before the simulator handles it).
   */
  readonly afterClientEvent?: string;
}

/** What a live connection offers to fault injection. */
export interface FaultTarget {
  readonly sessionId: string;
  applyFault(action: FaultAction): void;
}

const closeCodeAllowed = (code: number): boolean =>
  Number.isInteger(code) && ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999));

/** Throws when an action could never be carried out, before anything is queued. */
export function checkFaultAction(action: FaultAction): void {
  switch (action.type) {
    case "close":
      if (!closeCodeAllowed(action.code)) {
        throw new RangeError(`fault close code ${action.code} cannot be sent; use 1000–1003, 1007–1014 or 3000–4999 (use { type: "drop" } for 1006).`);
      }
      return;
    case "send-oversized":
      if (!Number.isInteger(action.bytes) || action.bytes < 64) throw new RangeError("fault send-oversized bytes must be an integer of at least 64.");
      return;
    case "delay-responses":
      if (!Number.isFinite(action.delayMs) || action.delayMs < 0) throw new RangeError("fault delay-responses delayMs must be a non-negative number of ms.");
      return;
    default:
      return;
  }
}

/**
 * Fault injection for tests: queue what the next connections get, or act on a live
 * one. Queued faults apply to handshakes in order, one each; a connection with
 * nothing queued behaves normally, so "503 then success" is one `next` call.
 */
export class SimulatorFaults {
  readonly #queue: ConnectionFault[] = [];
  readonly #live: () => readonly FaultTarget[];

  /** @internal */
  constructor(live: () => readonly FaultTarget[]) {
    this.#live = live;
  }

  /** Queues a fault for the next handshake not yet served. Throws `RangeError` for an impossible fault. */
  next(fault: ConnectionFault): this {
    const status = fault.refuse?.status;
    if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new RangeError(`faults.next refuse.status must be an HTTP error status from 400 to 599, got ${status}.`);
    }
    const retry = fault.refuse?.retryAfterSeconds;
    if (retry !== undefined && (!Number.isInteger(retry) || retry < 0)) {
      throw new RangeError("faults.next refuse.retryAfterSeconds must be a non-negative integer.");
    }
    fault.actions?.forEach(checkFaultAction);
    this.#queue.push(fault);
    return this;
  }

  /** Runs an action now on a live session: the one named, or the newest. Throws `Error` when there is none. */
  inject(action: FaultAction, sessionId?: string): void {
    checkFaultAction(action);
    const live = this.#live();
    const target = sessionId === undefined ? live[live.length - 1] : live.find((t) => t.sessionId === sessionId);
    if (target === undefined) {
      throw new Error(sessionId === undefined ? "faults.inject: no live session." : `faults.inject: no live session "${sessionId}".`);
    }
    target.applyFault(action);
  }

  /** Faults still queued. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Forgets every queued fault. */
  clear(): void {
    this.#queue.length = 0;
  }

  /** @internal Takes the fault for the handshake being served. */
  take(): ConnectionFault | undefined {
    return this.#queue.shift();
  }
}
