import { VoiceLiveError } from "../errors/voice-live-error.js";
import { encode } from "../events/codec.js";
import type { AnyServerEvent, RotatingInfo, VoiceLiveEvents } from "../events/event-map.js";
import type { RequestSession, ResponseSession } from "../protocol/session.js";
import type { Transport } from "../transport/transport.js";
import type { ResolvedRotation, ResolvedSettings } from "./connect-options.js";
import { selectHistory, toReplayItems, type ConversationHistory, type HistoryItem } from "./conversation-history.js";
import { logger } from "./logger.js";
import type { ConnectionTarget } from "./session-connection.js";
import { prepareConnection, type PreparedConnection } from "./session-replay.js";

/** What a rotation needs from its session. */
export interface RotationHost {
  readonly target: ConnectionTarget;
  readonly settings: ResolvedSettings;
  readonly history: ConversationHistory;
  configured(): RequestSession;
  /** The effective session configuration (for its turn detection). */
  session(): ResponseSession | undefined;
  /** The current socket while it is open. */
  transport(): Transport | undefined;
  /** Starts keeping every send in the queue. */
  hold(): void;
  /** Stops keeping sends; the queue goes out on the current socket. */
  release(): void;
  /** Moves the session onto the prepared connection and closes the old socket with 1000. */
  switchTo(prepared: PreparedConnection, history: readonly HistoryItem[]): void;
  /** The old socket closed during a rotation that then failed: handle the close as usual. */
  closedMeanwhile(code: number, reason: string, wasClean: boolean): void;
  /** Emits `rotating`, `rotated` or (a failed rotation) `error` on the session. */
  emit<K extends "rotating" | "rotated" | "error">(key: K, arg: Parameters<VoiceLiveEvents[K]>[0]): void;
}

/** How long a response cancelled at the deadline may take to report `response.done`. */
const CANCEL_WAIT_MS = 2_000;

/**
 * Decides when a session moves to a fresh connection and carries the move out: from
 * `beforeExpiryMs` ahead of the cap it waits for a quiet moment (no response in progress,
 * no open user speech, no pending transcript); at `deadlineMs` ahead of the cap it cancels
 * any response in progress and moves anyway. While the new connection is prepared, sends
 * wait in the session's queue; they go out on the new socket after the switch.
 */
export class SessionRotation {
  readonly #options: ResolvedRotation;
  readonly #host: RotationHost;
  #phase: "idle" | "waiting" | "rotating" = "idle";
  #timers: ReturnType<typeof setTimeout>[] = [];
  #deadlineAt = Infinity;
  readonly #responses = new Set<string>();
  /** From `speech_started` until the turn is over: `speech_stopped`, or the response VAD starts for it. */
  #turnOpen = false;
  /** `rotating` was emitted for the rotation under way (an attempt may be postponed and retried). */
  #announced = false;
  #onQuiet: (() => void) | undefined;
  #abort: AbortController | undefined;
  #closedMeanwhile: { code: number; reason: string; wasClean: boolean } | undefined;

  constructor(options: ResolvedRotation, host: RotationHost) {
    this.#options = options;
    this.#host = host;
  }

  /** True while a new connection is being prepared. */
  get active(): boolean {
    return this.#phase === "rotating";
  }

  /** Starts the clock of a new connection: the window opens and the deadline falls relative to now. */
  arm(): void {
    this.disarm();
    this.#responses.clear();
    this.#turnOpen = false;
    const { maxSessionDurationMs } = this.#host.settings;
    const { beforeExpiryMs, deadlineMs } = this.#options;
    this.#deadlineAt = Date.now() + maxSessionDurationMs - deadlineMs;
    this.#timers.push(
      setTimeout(() => this.#windowOpened(), maxSessionDurationMs - beforeExpiryMs),
      setTimeout(() => this.#deadline(), maxSessionDurationMs - deadlineMs),
    );
    for (const timer of this.#timers) (timer as { unref?: () => void }).unref?.();
  }

  /** Stops the clock; a rotation under way carries on. */
  disarm(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    if (this.#phase === "waiting") this.#phase = "idle";
  }

  /** Abandons everything: the session is closing. */
  abort(): void {
    this.disarm();
    this.#phase = "idle";
    this.#abort?.abort(new VoiceLiveError("session_closed", "The session was closed during a rotation."));
  }

  /** Follows what the old connection is doing; a quiet moment in the window starts the rotation. */
  observe(event: AnyServerEvent): void {
    switch (event.type) {
      case "response.created":
        if (event.response.id !== undefined) this.#responses.add(event.response.id);
        this.#turnOpen = false;
        break;
      case "response.done":
        if (event.response.id !== undefined) this.#responses.delete(event.response.id);
        break;
      case "input_audio_buffer.speech_started":
        this.#turnOpen = true;
        break;
      case "input_audio_buffer.speech_stopped":
        this.#turnOpen = this.#turnCreatesResponse();
        break;
      case "input_audio_buffer.cleared":
        this.#turnOpen = false;
        break;
    }
    if (this.#quiet) {
      this.#onQuiet?.();
      if (this.#phase === "waiting") void this.#run("expiring");
    }
  }

  /** Takes over the old socket's close while a rotation is under way; false when there is none. */
  absorbClose(code: number, reason: string, wasClean: boolean): boolean {
    if (this.#phase !== "rotating") return false;
    this.#closedMeanwhile = { code, reason, wasClean };
    return true;
  }

  /** True when server VAD starts a response by itself once the user stops speaking. */
  #turnCreatesResponse(): boolean {
    const vad = this.#host.session()?.turn_detection;
    return vad != null && (vad as { create_response?: boolean }).create_response !== false;
  }

  get #quiet(): boolean {
    return this.#responses.size === 0 && !this.#turnOpen && !this.#host.history.awaitingTranscript;
  }

  #windowOpened(): void {
    if (this.#phase !== "idle") return;
    this.#phase = "waiting";
    if (this.#quiet) void this.#run("expiring");
  }

  #deadline(): void {
    // A turn VAD never answered no longer holds the rotation back.
    this.#turnOpen = false;
    if (this.#phase === "idle" || this.#phase === "waiting") void this.#run("deadline");
  }

  /** Cancels responses in progress and waits (bounded) for their `response.done`. */
  async #settle(): Promise<void> {
    const transport = this.#host.transport();
    if (this.#responses.size === 0 || transport === undefined) return;
    for (const id of this.#responses) transport.send(encode({ type: "response.cancel", response_id: id }));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, CANCEL_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#onQuiet = () => this.#responses.size === 0 && done();
    });
    this.#onQuiet = undefined;
    this.#responses.clear();
  }

  async #run(reason: RotatingInfo["reason"]): Promise<void> {
    this.#phase = "rotating";
    this.#closedMeanwhile = undefined;
    const controller = new AbortController();
    this.#abort = controller;
    const startedAt = Date.now();
    const host = this.#host;
    let prepared: (PreparedConnection & { itemsReplayed: number }) | undefined;
    try {
      if (!this.#announced) host.emit("rotating", { reason });
      this.#announced = true;
      if (reason === "deadline") await this.#settle();
      host.hold();
      const snapshot = host.history.items;
      const kept = selectHistory(snapshot, this.#options.history);
      const policy = { ...host.settings.retry, maxRetries: Math.min(host.settings.retry.maxRetries, 2) };
      prepared = await prepareConnection(host.target, policy, controller.signal, host.configured(), toReplayItems(kept));
      let itemsReplayed = prepared.itemsReplayed;
      if (host.transport() !== undefined && !this.#quiet) {
        if (Date.now() < this.#deadlineAt) return this.#retryLater(prepared, "the conversation became busy");
        await this.#settle();
      }
      // Items the old connection added meanwhile (a late acknowledgement) follow the replay.
      const known = new Set(snapshot.map((item) => item.id));
      const added = host.history.items.filter((item) => !known.has(item.id));
      if (added.length > 0 && this.#options.history !== "none") itemsReplayed += await prepared.replay(toReplayItems(added));
      if (controller.signal.aborted) throw controller.signal.reason;
      this.#phase = "idle";
      this.#announced = false;
      const mode = this.#options.history;
      host.switchTo(prepared, mode === "text" ? host.history.items : mode === "none" ? [] : [...kept, ...added]);
      logger.info(`rotated to session ${prepared.sessionId} (${itemsReplayed} items replayed)`);
      host.emit("rotated", { itemsReplayed, durationMs: Date.now() - startedAt, sessionId: prepared.sessionId });
    } catch (error) {
      prepared?.discard();
      if (controller.signal.aborted) return;
      this.#phase = "idle";
      this.#announced = false;
      const failure = error instanceof VoiceLiveError ? error : new VoiceLiveError("rotation_failed", "The rotation failed.", { cause: error });
      logger.warning(`rotation failed (${failure.code})`);
      host.emit("error", failure);
      host.release();
      const closed = this.#takeClosedMeanwhile();
      if (closed !== undefined) host.closedMeanwhile(closed.code, closed.reason, closed.wasClean);
      // Otherwise the deadline timer, when still ahead, tries once more.
    } finally {
      if (this.#abort === controller) this.#abort = undefined;
    }
  }

  #takeClosedMeanwhile(): { code: number; reason: string; wasClean: boolean } | undefined {
    const closed = this.#closedMeanwhile;
    this.#closedMeanwhile = undefined;
    return closed;
  }

  /** Gives up this attempt (new activity on the old socket) and waits for the next quiet moment. */
  #retryLater(prepared: PreparedConnection, why: string): void {
    logger.info(`rotation postponed: ${why}`);
    prepared.discard();
    this.#host.release();
    this.#phase = "waiting";
  }
}
