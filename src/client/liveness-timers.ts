import type { Transport } from "../transport/transport.js";
import { scheduleDeadline, type Deadline } from "./deadline-queue.js";
import { logger } from "./logger.js";

/** An open socket keeps a process alive anyway; the timers must not do so on their own. */
const unref = <T>(timer: T): T => {
  (timer as { unref?: () => void }).unref?.();
  return timer;
};

/**
 * The timers that watch one open socket: pings (Node) and the service's connection cap.
 * The cap's notice is a deadline on the process's shared timer (`deadline-queue.ts`), with
 * this object as its target: a session starts no runtime timer for it.
 */
export class LivenessTimers {
  #ping: ReturnType<typeof setInterval> | undefined;
  #expiry: Deadline | undefined;
  #onExpiring: ((remainingMs: number) => void) | undefined;
  #remainingMs = 0;
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
    if (transport.canPing && pingIntervalMs > 0) this.#ping = this.#startPinging(transport, pingIntervalMs);
    const noticeAt = Math.max(0, maxSessionDurationMs - sessionExpiringNoticeMs);
    this.#onExpiring = onExpiring;
    this.#remainingMs = maxSessionDurationMs - noticeAt;
    this.#expiry = scheduleDeadline(this, noticeAt);
  }

  /** @internal The expiry notice is due (this object is its deadline's target). */
  expire(): void {
    this.#expiry = undefined;
    this.#onExpiring?.(this.#remainingMs);
  }

  /** Pings every `intervalMs`; a ping unanswered by the next one terminates the socket. */
  #startPinging(transport: Transport, intervalMs: number): ReturnType<typeof setInterval> {
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
    }, intervalMs);
    return unref(interval);
  }

  /** A pong arrived. */
  pong(): void {
    this.#awaitingPong = false;
  }

  stop(): void {
    if (this.#ping !== undefined) clearInterval(this.#ping);
    this.#expiry?.cancel();
    this.#ping = undefined;
    this.#expiry = undefined;
  }
}
