import type { RawData, WebSocket } from "ws";
import { newId } from "./ids.js";
import type { FaultAction } from "./faults.js";
import type { SimulatorFrame } from "./recording.js";

/** Where a channel reports frames and its end. */
export interface ChannelHooks {
  readonly log: (frame: SimulatorFrame) => void;
  readonly closed: (sessionId: string) => void;
}

/** What the channel's owner handles. */
export interface ChannelHandlers {
  /** A text (or UTF-8 binary) frame, with its JSON object or undefined when it is not one. */
  readonly onText: (text: string, parsed: unknown) => void;
  readonly onClose: () => void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One WebSocket as the simulator uses it: every frame in and out is logged with its
 * time, outgoing events get an `event_id`, pings are answered unless a fault stops it,
 * and the raw misbehaviours of fault injection live here.
 */
export class SocketChannel {
  /** False after a `stop-pings` fault. */
  answerPings = true;
  readonly #ws: WebSocket;
  readonly #sessionId: string;
  readonly #hooks: ChannelHooks;
  readonly #openedAt = performance.now();
  #gone = false;

  constructor(ws: WebSocket, sessionId: string, hooks: ChannelHooks, handlers: ChannelHandlers) {
    this.#ws = ws;
    this.#sessionId = sessionId;
    this.#hooks = hooks;
    ws.on("ping", (data) => {
      if (this.answerPings && !this.#gone) ws.pong(data);
    });
    ws.on("message", (data, isBinary) => {
      const bytes = toBytes(data);
      let text: string | undefined;
      try {
        text = utf8.decode(bytes);
      } catch {
        text = undefined;
      }
      const parsed = text === undefined ? undefined : parseObject(text);
      this.#log("received", isBinary ? Buffer.from(bytes).toString("base64") : (text ?? ""), isBinary, parsed);
      handlers.onText(text ?? "", parsed);
    });
    ws.on("close", (code, reason) => {
      if (!this.#gone) this.#logClose("received", code, reason.toString());
      this.#gone = true;
      handlers.onClose();
      hooks.closed(sessionId);
    });
    ws.on("error", () => {
      // A broken socket also emits "close", which does the cleanup.
    });
  }

  /** True once the socket is closing or closed. */
  get gone(): boolean {
    return this.#gone || this.#ws.readyState !== this.#ws.OPEN;
  }

  /** Sends a server event, adding an `event_id` when it has none. */
  sendEvent(event: Record<string, unknown>): void {
    const withId = event["event_id"] === undefined ? { event_id: newId("event"), ...event } : event;
    this.sendText(JSON.stringify(withId), withId);
  }

  sendText(text: string, parsed?: Record<string, unknown>): void {
    if (this.gone) return;
    this.#log("sent", text, false, parsed ?? parseObject(text));
    this.#ws.send(text);
  }

  close(code: number, reason: string): void {
    if (this.gone) return;
    this.#logClose("sent", code, reason);
    this.#gone = true;
    this.#ws.close(code, reason);
  }

  /** Ends the connection at once (simulator shutdown). */
  terminate(): void {
    this.#gone = true;
    this.#ws.terminate();
  }

  /** Carries out the socket-level fault actions. */
  applyFault(action: FaultAction): void {
    switch (action.type) {
      case "close":
        return this.close(action.code, action.reason ?? "");
      case "drop":
        if (this.gone) return;
        this.#logClose("sent", 1006, "connection dropped");
        this.#gone = true;
        // destroy() skips the close handshake: the client sees an abnormal closure (1006).
        (this.#ws as unknown as { _socket?: { destroy(): void } })._socket?.destroy();
        return;
      case "send-malformed-json":
        return this.sendText(action.text ?? '{"type":"response.audio.delta","delta":');
      case "send-binary": {
        if (this.gone) return;
        const bytes = action.bytes ?? new Uint8Array([0xff, 0x00, 0x7b, 0x22]);
        this.#log("sent", Buffer.from(bytes).toString("base64"), true, undefined);
        this.#ws.send(bytes, { binary: true });
        return;
      }
      case "send-unknown-type":
        return this.sendEvent({ type: action.eventType ?? "simulator.unknown_event", detail: "injected by the simulator" });
      case "send-oversized": {
        const head = `{"type":"simulator.oversized","event_id":"${newId("event")}","padding":"`;
        return this.sendText(`${head}${"x".repeat(Math.max(0, action.bytes - head.length - 2))}"}`);
      }
      default:
        return;
    }
  }

  #log(direction: "sent" | "received", data: string, binary: boolean, event: Record<string, unknown> | undefined): void {
    this.#hooks.log({
      sessionId: this.#sessionId,
      direction,
      atMs: this.#atMs(),
      timestamp: Date.now(),
      data,
      ...(binary ? { binary: true } : {}),
      event,
    });
  }

  #logClose(direction: "sent" | "received", code: number, reason: string): void {
    this.#hooks.log({ sessionId: this.#sessionId, direction, atMs: this.#atMs(), timestamp: Date.now(), close: { code, reason }, event: undefined });
  }

  #atMs(): number {
    return Math.round((performance.now() - this.#openedAt) * 1000) / 1000;
  }
}
