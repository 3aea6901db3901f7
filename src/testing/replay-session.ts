import type { WebSocket } from "ws";
import type { RecordedFrame } from "./recording.js";
import { SocketChannel, type ChannelHooks } from "./socket-channel.js";

/** The session id a recording's `session.created` carries, if any. */
export function recordedSessionId(frames: readonly RecordedFrame[]): string | undefined {
  for (const frame of frames) {
    if (frame.direction !== "sent" || !("data" in frame)) continue;
    try {
      const event = JSON.parse(frame.data) as { type?: unknown; session?: { id?: unknown } };
      if (event.type === "session.created" && typeof event.session?.id === "string") return event.session.id;
    } catch {
      // Malformed frames are replayed as they are; they just carry no id.
    }
  }
  return undefined;
}

/**
 * Plays the server side of a recording to one client: every `sent` frame in order,
 * with the recorded gaps (`timed`) or back to back (`fast`), and the recorded close.
 * What the client sends is logged and otherwise ignored.
 */
export class ReplaySession {
  readonly sessionId: string;
  readonly #channel: SocketChannel;
  readonly #frames: readonly RecordedFrame[];
  readonly #timed: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(ws: WebSocket, frames: readonly RecordedFrame[], timed: boolean, sessionId: string, hooks: ChannelHooks) {
    this.sessionId = sessionId;
    this.#frames = frames.filter((frame) => frame.direction === "sent");
    this.#timed = timed;
    this.#channel = new SocketChannel(ws, sessionId, hooks, {
      onText: () => undefined,
      onClose: () => this.#stop(),
    });
  }

  start(): void {
    const started = performance.now();
    let index = 0;
    const step = (): void => {
      this.#timer = undefined;
      while (!this.#stopped && index < this.#frames.length) {
        const frame = this.#frames[index]!;
        const wait = this.#timed ? frame.atMs - (performance.now() - started) : 0;
        if (wait > 1) {
          this.#timer = setTimeout(step, wait);
          return;
        }
        index++;
        this.#play(frame);
      }
    };
    step();
  }

  terminate(): void {
    this.#stop();
    this.#channel.terminate();
  }

  #play(frame: RecordedFrame): void {
    if ("close" in frame) {
      if (frame.close.code === 1006) this.#channel.applyFault({ type: "drop" });
      else this.#channel.close(frame.close.code, frame.close.reason);
      return;
    }
    if (frame.binary === true) this.#channel.applyFault({ type: "send-binary", bytes: Buffer.from(frame.data, "base64") });
    else this.#channel.sendText(frame.data);
  }

  #stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
