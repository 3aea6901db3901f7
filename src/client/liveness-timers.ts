import type { Transport } from "../transport/transport.js";
import { logger } from "./logger.js";

/** The timers that watch one open socket: pings (Node) and the service's connection cap. */
export class LivenessTimers {
  #timers: ReturnType<typeof setTimeout>[] = [];
  #awaitingPong = false;
  /** True when the last socket was dropped for a missing pong, to name the cause. */
  heartbeatLost = false;

  /**
   * Starts pinging every `pingIntervalMs` (a ping unanswered by the next one terminates the
   * socket) and schedules `onExpiring` `noticeMs` before `maxSessionDurationMs`.
   */
  start(
    transport: Transport,
    settings: { readonly pingIntervalMs: number; readonly maxSessionDurationMs: number; readonly sessionExpiringNoticeMs: number },
    onExpiring: (remainingMs: number) => void,
  ): void {
    this.stop();
    const { pingIntervalMs, maxSessionDurationMs, sessionExpiringNoticeMs } = settings;
    if (transport.canPing && pingIntervalMs > 0) {
      this.#awaitingPong = false;
      const interval = setInterval(() => {
        if (this.#awaitingPong) {
          logger.warning("no pong within the ping interval; dropping the connection");
          this.heartbeatLost = true;
          clearInterval(interval);
          transport.terminate();
          return;
        }
        this.#awaitingPong = true;
        transport.ping();
      }, pingIntervalMs);
      this.#timers.push(interval);
    }
    const noticeAt = Math.max(0, maxSessionDurationMs - sessionExpiringNoticeMs);
    this.#timers.push(setTimeout(() => onExpiring(maxSessionDurationMs - noticeAt), noticeAt));
    // An open socket keeps a process alive anyway; the timers must not do so on their own.
    for (const timer of this.#timers) (timer as { unref?: () => void }).unref?.();
  }

  /** A pong arrived. */
  pong(): void {
    this.#awaitingPong = false;
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
  }
}
