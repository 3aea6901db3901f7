import { EventEmitter } from "eventemitter3";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveServiceError } from "../errors/service-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import type { AnyServerEvent, ReceivedServerEvent, VoiceLiveEvents } from "../events/event-map.js";
import type { DecodeResult } from "../events/codec.js";
import type { ClientEvent } from "../protocol/client-events.js";
import type { ConversationRequestItem, ResponseItem } from "../protocol/items.js";
import type { ResponseCreateParams } from "../protocol/response.js";
import type { RequestSession, ResponseSession } from "../protocol/session.js";
import { HandlerSlot } from "../transport/handler-slot.js";
import { isSdkTransport, whenSent, type Opening, type Starting } from "../transport/opening.js";
import type { Frame, Transport, TransportHandlers } from "../transport/transport.js";
import { redactUrl } from "../url/redact-url.js";
import type { ResolvedSettings } from "./connect-options.js";
import type { SessionInit, SessionState } from "./session-types.js";
import type { EventFanout } from "./event-stream.js";
import type { PendingRequests } from "./pending-requests.js";
import { isRetryableCloseCode } from "./retry-policy.js";
import { handshakeTimeout, openWithRetries, startFirst, type AttemptHooks } from "./session-connection.js";
import { logger } from "./logger.js";
import type { ResponseHandle } from "./response-handle.js";
import { AttemptDeadline } from "./attempt-deadline.js";
import type { LivenessTimers } from "./liveness-timers.js";
import type { SendQueue } from "./send-queue.js";
import type { CallOptions, SessionRequests } from "./session-requests.js";
import type { AudioPipeline, AudioPipelineOptions } from "../audio/audio-pipeline.js";
import type { ConversationHistory, HistoryItem } from "./conversation-history.js";
import type { SessionRotation } from "./session-rotation.js";
import type { PreparedConnection } from "./session-replay.js";
import { loadSessionModules, type SessionModules } from "./load-session-modules.js";
import { emitEach } from "./emit-each.js";

const closedAfterCreated = (): VoiceLiveConnectionError =>
  new VoiceLiveConnectionError("connection_closed", "The connection closed right after session.created.", { retryable: true });

const noSessionCreated = (timeoutMs: number): VoiceLiveConnectionError =>
  new VoiceLiveConnectionError("handshake_timeout", `No session.created within ${timeoutMs} ms.`, { retryable: true });

/** The configuration of a session that has sent no `session.update`: shared by all of them. */
const NOTHING_CONFIGURED: RequestSession = Object.freeze({});

/**
 * One conversation with Voice Live: an event emitter over `VoiceLiveEvents`, an async
 * iterator of every server event, and a typed helper per client event. Created by
 * `connect()`; it is open when you get it.
 */
export class VoiceLiveSession extends EventEmitter<VoiceLiveEvents> {
  #state: SessionState = { status: "connecting" };
  #transport: Transport | undefined;
  #session: ResponseSession | undefined;
  /** Every field sent in `session.update`, merged, to replay after a reconnect. Replaced, never mutated. */
  #configured: RequestSession = NOTHING_CONFIGURED;
  /**
   * Made by the first call that waits for an answer: most events need no matching, and a
   * session without calls pays for none. The send queue and the iterators' fan-out are
   * made on first use too, from the modules #install brought.
   */
  #pending: PendingRequests | undefined;
  /**
   * The deferred modules (schemas, requests, history, rotation, audio pipeline), loaded
   * while the first socket opens. Set before any event is delivered and before `connect()`
   * hands the session out, so everything below may rely on them.
   */
  #modules: SessionModules | undefined;
  #requestHelpers: SessionRequests | undefined;
  #history: ConversationHistory | undefined;
  #streams: EventFanout<AnyServerEvent> | undefined;
  #queue: SendQueue | undefined;
  /** Made by #install: no socket is watched before the modules are here. */
  #liveness!: LivenessTimers;
  #closed: Promise<void> | undefined;
  /** The current connect attempt, until session.created completes it. */
  #creation: AttemptDeadline<ReceivedServerEvent<"session.created">> | undefined;
  /** Connect attempts that fail are logged; made once per session. */
  readonly #attemptHooks: AttemptHooks = {
    onAttemptFailed: (error, attempt, delayMs) =>
      logger.warning(`connect attempt ${attempt} to ${this.url} failed (${error.code})${delayMs === undefined ? "" : `; retrying in ${delayMs} ms`}`),
  };
  readonly #init: SessionInit;
  #rotation: SessionRotation | undefined;
  /** True while a rotation prepares the next socket: every send waits in the queue. */
  #holding = false;
  /** Sockets left behind by a rotation: data handed to them still goes out. Created by the first rotation. */
  #retired: WeakSet<Transport> | undefined;

  /** The acknowledged-request helpers, made by the first call that needs them. */
  get #requests(): SessionRequests {
    return (this.#requestHelpers ??= new this.#modules!.SessionRequests(this.#pendingRequests(), (text) => this.#sendText(text)));
  }

  #pendingRequests(): PendingRequests {
    return (this.#pending ??= new this.#modules!.PendingRequests());
  }

  /** @internal Use `connect()` or `VoiceLiveClient.connect()`. */
  constructor(init: SessionInit) {
    super();
    this.#init = init;
  }

  /** Everything that needs the deferred modules, once they are here. */
  #install(modules: SessionModules): void {
    const { settings } = this.#init;
    this.#modules = modules;
    this.#liveness = new modules.LivenessTimers();
    const history = (this.#history = new modules.ConversationHistory(settings.historyLimit));
    const rotate = settings.rotate;
    if (rotate) this.#rotation = this.#makeRotation(modules, rotate, history);
  }

  /** The rotation of a session with `rotate` set, made once the modules are here. */
  #makeRotation(modules: SessionModules, rotate: NonNullable<ResolvedSettings["rotate"]>, history: ConversationHistory): SessionRotation {
    const { settings, target } = this.#init;
    return new modules.SessionRotation(rotate, {
      target,
      settings,
      history,
      configured: () => this.#configured,
      session: () => this.#session,
      transport: () => this.#transport,
      hold: () => void (this.#holding = true),
      release: () => {
        this.#holding = false;
        if (this.#transport !== undefined) this.#flushQueue(this.#transport);
      },
      switchTo: (prepared, history) => this.#switchTo(prepared, history),
      closedMeanwhile: (code, reason, wasClean) => this.#lost(code, reason, wasClean),
      emit: (key, arg) => this.#safeEmit(key, arg),
    });
  }

  /**
   * The conversation so far as simplified items (messages as text or transcript, function
   * calls and outputs), oldest first, at most `historyLimit`. Read-only; replayed on rotation.
   */
  get history(): readonly HistoryItem[] {
    return this.#history?.items ?? [];
  }

  /** The current state; `status` is one of connecting, open, reconnecting, closing, closed. */
  get state(): SessionState {
    return this.#state;
  }

  /** The effective session configuration from the latest `session.created` / `session.updated`. */
  get session(): ResponseSession | undefined {
    return this.#session;
  }

  /** The realtime URL with every non-allow-listed query value redacted. */
  get url(): string {
    return redactUrl(this.#init.target.url);
  }

  /**
   * @internal Opens the first socket and waits for `session.created`; resolves with the
   * session itself. For a connect that must hold the session before it opens (tracing, a
   * token cache); `VoiceLiveSession.start` serves the others.
   */
  open(signal: AbortSignal | undefined): Promise<this> {
    let started: Starting;
    try {
      started = startFirst(this.#init.target, signal);
    } catch (error) {
      this.#firstConnectFailed();
      return Promise.reject(error);
    }
    return whenSent(started, () => this.#openStarted(signal, started));
  }

  /**
   * @internal Starts the first socket before the session exists, and makes the session once
   * the handshake request is out: what a connect builds besides the socket is built while
   * the server answers, not before the request leaves. Throws for an aborted signal or a
   * key that cannot go in a header, before any I/O.
   */
  static start(init: SessionInit, signal: AbortSignal | undefined): Promise<VoiceLiveSession> {
    const started = startFirst(init.target, signal);
    return whenSent(started, () => new VoiceLiveSession(init).#openStarted(signal, started));
  }

  /** Opens the session on its first socket, already started. */
  #openStarted(signal: AbortSignal | undefined, started: Starting): Promise<this> {
    // The deferred modules load while the socket opens; a failure surfaces after the open.
    const loaded = loadSessionModules.loaded;
    let modules: Promise<SessionModules> | undefined;
    if (loaded === undefined) (modules = loadSessionModules()).catch(() => undefined);
    if (loaded !== undefined) this.#install(loaded);
    return this.#connect(signal, this.#init.settings.retry, modules, true, started);
  }

  /**
   * Opens a socket (retrying as `policy` allows) and waits for its `session.created`. A
   * first connect that fails leaves the session closed; a reconnect's failure is its loop's.
   */
  async #connect(signal: AbortSignal | undefined, policy: ResolvedSettings["retry"], modules?: Promise<SessionModules>, first = false, started?: Starting): Promise<this> {
    // Every connect runs this once: the rare paths (the first connect's wait for the
    // modules, failures) are methods of their own, so that V8 warms it up within a few
    // connects (see session-connection.ts).
    try {
      const { target } = this.#init;
      // Each attempt has one deadline, from its socket's start (a first attempt's: from its
      // request going out, see `whenSent`) to session.created; the last one armed is the
      // attempt that opened.
      let deadline!: AttemptDeadline<ReceivedServerEvent<"session.created">>;
      const transport = await openWithRetries(target, policy, signal, this.#attemptHooks, (opening) => (deadline = this.#armCreation(opening, signal)), started);
      // Aborted or timed out between the open and now: the socket is dropped already.
      if (deadline.failed) throw deadline.error;
      this.#transport = transport;
      const creation = deadline.promise;
      if (this.#modules !== undefined || modules === undefined) this.#attach(transport);
      else await this.#attachWhenLoaded(transport, modules, creation);
      const created = await creation;
      // The socket closed in the same burst that brought session.created.
      if (this.#transport !== transport) throw closedAfterCreated();
      this.#state = { status: "open", sessionId: created.session.id };
      this.#startTimers(transport);
      if (logger.info.enabled) this.#logOpen(created.session.id);
      this.#safeEmit("open", { sessionId: created.session.id });
      return this;
    } catch (error) {
      if (first) this.#firstConnectFailed();
      throw error;
    }
  }

  /** One attempt's deadline, from its socket's start until session.created. */
  #armCreation(opening: Opening, signal: AbortSignal | undefined): AttemptDeadline<ReceivedServerEvent<"session.created">> {
    const { connectTimeoutMs, transport } = this.#init.target;
    const armed = new AttemptDeadline<ReceivedServerEvent<"session.created">>(
      connectTimeoutMs,
      !isSdkTransport(transport),
      signal,
      opening,
      (opened) => (opened ? noSessionCreated(connectTimeoutMs) : handshakeTimeout(this.#init.target)),
      () => {
        if (this.#creation === armed) this.#creation = undefined;
      },
    );
    return (this.#creation = armed);
  }

  /**
   * The first connect, whose socket opened before the modules arrived: frames and a close
   * that come first wait in a slot until the modules are here. The wait keeps the
   * handshake's deadline and abort: session.created cannot resolve it meanwhile.
   */
  async #attachWhenLoaded(transport: Transport, modules: Promise<SessionModules>, creation: Promise<unknown>): Promise<void> {
    const slot = new HandlerSlot();
    transport.handlers = slot;
    try {
      this.#install(await Promise.race([modules, creation as Promise<never>]));
    } catch (error) {
      this.#creation?.reject(error);
      throw error;
    }
    slot.attach(new VoiceLiveSession.#SocketEvents(this, transport));
  }

  #logOpen(sessionId: string): void {
    logger.info(`session ${sessionId} open on ${this.url}`);
  }

  /** A first connect that failed leaves the session closed. */
  #firstConnectFailed(): void {
    this.#transport?.terminate();
    this.#transport = undefined;
    this.#state = { status: "closed", code: 1006, reason: "" };
  }

  #attach(transport: Transport): void {
    transport.handlers = new VoiceLiveSession.#SocketEvents(this, transport);
  }

  /** Routes one socket's events to its session: one small object per socket, no closures. */
  static readonly #SocketEvents = class SocketEvents implements TransportHandlers {
    readonly #session: VoiceLiveSession;
    readonly #transport: Transport;

    constructor(session: VoiceLiveSession, transport: Transport) {
      this.#session = session;
      this.#transport = transport;
    }

    message(frame: Frame): void {
      this.#session.#onFrame(frame);
    }

    close(code: number, reason: string, wasClean: boolean): void {
      this.#session.#onClose(this.#transport, code, reason, wasClean);
    }

    pong(): void {
      this.#session.#liveness.pong();
    }
  };

  /** Rotation: the prepared socket becomes the session's, the queue goes out on it, the old one closes. */
  #switchTo(prepared: PreparedConnection, history: readonly HistoryItem[]): void {
    const old = this.#transport;
    if (old !== undefined) (this.#retired ??= new WeakSet()).add(old);
    this.#attach(prepared.transport);
    this.#transport = prepared.transport;
    this.#session = prepared.session;
    this.#history!.replace(history);
    this.#state = { status: "open", sessionId: prepared.sessionId };
    this.#startTimers(prepared.transport);
    this.#holding = false;
    this.#flushQueue(prepared.transport);
    if (old !== undefined) {
      old.close(1000, "");
      const timer = setTimeout(() => old.terminate(), 2000);
      (timer as { unref?: () => void }).unref?.();
    }
    // Closed while it was being settled: its close went to the rotation, so handle it as a drop now.
    const closed = prepared.closed;
    if (closed !== undefined) this.#onClose(prepared.transport, closed.code, closed.reason, false);
  }

  // ---- receiving ----

  // The first connects of a process run this code before V8 has warmed it up: it stays in
  // the interpreter until it has run about eight times its own length, and code a call
  // skips does not count. So the path every connect takes (a typed session.created) runs
  // most of each function here, and rare cases are functions of their own.
  #onFrame(frame: string | ArrayBuffer | ArrayBufferView): void {
    const result = this.#modules!.decode(frame);
    if (result.kind === "event") this.#deliver(result.event, true);
    else this.#onOddFrame(result);
  }

  /** A frame that is not a typed event: unknown type, a schema mismatch, or not an event at all. */
  #onOddFrame(result: Exclude<DecodeResult, { kind: "event" }>): void {
    if (result.kind === "unknown") return this.#deliver(result.event as unknown as AnyServerEvent, false);
    this.#safeEmit("protocolError", result.error);
    if (result.kind === "malformed") return;
    this.#deliver(result.event as unknown as AnyServerEvent, false);
    // A session.created the SDK cannot read fails the connect now, not at its deadline.
    if (result.event.type === "session.created") this.#creation?.reject(result.error);
  }

  #deliver(event: AnyServerEvent, typed: boolean): void {
    if (typed && event.type !== "response.audio.delta") {
      this.#observe(event);
      this.#broadcast(event);
      this.#rotation?.observe(event);
    } else this.#deliverPlain(event, typed);
  }

  /** An audio delta (the hottest event: no call ever waits on it, so it goes straight to listeners), or an event the SDK could not type. */
  #deliverPlain(event: AnyServerEvent, typed: boolean): void {
    if (typed) this.#safeEmit("response.audio.delta", event as ReceivedServerEvent<"response.audio.delta">);
    this.#broadcast(event);
  }

  /** What a typed event (other than an audio delta) changes, and its own listeners. */
  #observe(event: ReceivedServerEvent): void {
    if (event.type === "error") return this.#serviceError(event);
    if (event.type === "session.created" || event.type === "session.updated") this.#session = event.session;
    if (event.type === "session.created") this.#creation?.resolve(event);
    this.#history!.observe(event, this.#session?.input_audio_transcription != null);
    this.#pending?.resolve(event);
    this.#safeEmit(event.type as "response.done", event as ReceivedServerEvent<"response.done">);
  }

  /** A service `error` rejects the call it answers, or is emitted when it answers none. */
  #serviceError(event: ReceivedServerEvent<"error">): void {
    const error = new VoiceLiveServiceError(event.error, event.event_id);
    const eventId = event.error.event_id;
    if (!(eventId && this.#pending?.rejectByEventId(eventId, error))) this.#safeEmit("error", error);
  }

  /** The catch-all listener and every open iterator get every event, in order. */
  #broadcast(event: AnyServerEvent): void {
    this.#safeEmit("event", event);
    this.#streams?.push(event);
  }

  /** Emits without letting a listener's exception stop the receive loop. */
  #safeEmit<K extends keyof VoiceLiveEvents>(key: K, arg: Parameters<VoiceLiveEvents[K]>[0]): void {
    // eventemitter3 stops at the first listener that throws; each listener runs on its own
    // so one app bug cannot starve the others (an audio pipeline, close() itself).
    emitEach(this, key, arg, VoiceLiveSession.#listenerFailed);
  }

  /** A listener threw: reported as an `error` event, unless it was an `error` listener. */
  static #listenerFailed(cause: unknown, session: VoiceLiveSession, key: string): void {
    if (key === "error") return;
    session.#safeEmit("error", new VoiceLiveError("listener_error", `A listener for "${String(key)}" threw; the session goes on.`, { cause }));
  }

  // ---- sending ----

  /**
   * Validates and sends any client event. While (re)connecting it waits in a bounded
   * queue and goes out in order. Resolves once handed to the socket.
   * @throws VoiceLiveValidationError for an invalid event, before anything is sent.
   */
  send(event: ClientEvent): Promise<void> {
    return this.#sendText(this.#modules!.encode(event));
  }

  #sendText(text: string): Promise<void> {
    const status = this.#state.status;
    if (status === "closing" || status === "closed") {
      return Promise.reject(new VoiceLiveConnectionError("session_closed", "The session is closed; nothing was sent.", { retryable: false }));
    }
    const transport = this.#transport;
    const queue = this.#queue;
    if (status === "open" && transport !== undefined && (queue === undefined || queue.length === 0) && !this.#holding && transport.send(text)) {
      return this.#modules!.waitForDrain(transport, this.#init.settings.highWaterMarkBytes, () =>
        this.#retired?.has(transport) ? "retired" : this.#transport !== transport || this.#state.status === "closed" ? "gone" : "current",
      );
    }
    // Read again: a socket that failed inside send() may have let a listener queue a send meanwhile.
    return (this.#queue ??= new this.#modules!.SendQueue(this.#init.settings.maxQueuedBytes)).enqueue(text, status);
  }

  #flushQueue(transport: Transport): void {
    this.#queue?.flush((text) => transport.send(text), () => this.#transport === transport);
  }

  /**
   * Sends PCM audio as `input_audio_buffer.append`. Resolves when the socket's buffer is
   * below the high-water mark, so awaiting it paces a producer.
   * Chunks are raw samples in the session's `input_audio_format` (PCM16 little-endian by default).
   * @throws RangeError for an empty chunk, an odd byte length of PCM16 or a WAV header.
   */
  sendAudio(audio: Uint8Array | Int16Array | ArrayBuffer): Promise<void> {
    return this.#sendText(this.#modules!.audioAppendFrame(audio, this.#session?.input_audio_format));
  }

  /** Sends `session.update` and resolves with the effective session from `session.updated`. */
  async updateSession(session: RequestSession, options: CallOptions = {}): Promise<ResponseSession> {
    this.#modules!.checkProfile(session, this.#init, (warning) => this.#safeEmit("warning", warning));
    const effective = await this.#requests.updateSession(session, options);
    this.#configured = { ...this.#configured, ...session };
    return effective;
  }

  /** Adds an item; resolves with it as created. An id is assigned when the item has none, to match the reply. */
  createItem(item: ConversationRequestItem, options: CallOptions & { previousItemId?: string } = {}): Promise<ResponseItem> {
    return this.#requests.createItem(item, options);
  }

  /** Asks for an item (assistant audio included) and resolves with it. */
  retrieveItem(itemId: string, options: CallOptions = {}): Promise<ResponseItem> {
    return this.#requests.retrieveItem(itemId, options);
  }

  /** Deletes an item; resolves once the service confirms. */
  deleteItem(itemId: string, options: CallOptions = {}): Promise<void> {
    return this.#requests.deleteItem(itemId, options);
  }

  /** Cuts an assistant item's audio at `audioEndMs`; resolves with the confirmation. */
  truncateItem(itemId: string, audioEndMs: number, options: CallOptions & { contentIndex?: number } = {}): Promise<ReceivedServerEvent<"conversation.item.truncated">> {
    return this.#requests.truncateItem(itemId, audioEndMs, options);
  }

  /** Commits the input buffer; resolves with the new user item id. */
  commitAudio(options: CallOptions = {}): Promise<string> {
    return this.#requests.commitAudio(options);
  }

  /** Empties the input buffer; resolves once the service confirms. */
  clearAudio(options: CallOptions = {}): Promise<void> {
    return this.#requests.clearAudio(options);
  }

  /**
   * Starts a response. The handle resolves (it is awaitable) with the final response from
   * `response.done`, whatever its status; `created` resolves when it starts.
   */
  createResponse(response?: ResponseCreateParams, options: CallOptions & { additionalInstructions?: string } = {}): ResponseHandle {
    return this.#requests.createResponse(response, options);
  }

  /**
   * Connects audio: the source is converted to the session's input format and sent,
   * replies are converted to the sink's format and played, and barge-in clears the sink
   * and truncates the item at what the listener heard. Stop it with `pipeline.stop()`.
   * @throws TypeError when neither a source nor a sink is given.
   */
  attachAudio(options: AudioPipelineOptions): AudioPipeline {
    return new this.#modules!.AudioPipeline(this, options);
  }

  /** Yields every server event from now on, in order, until the session closes. */
  [Symbol.asyncIterator](): AsyncIterator<AnyServerEvent> {
    return (this.#streams ??= new this.#modules!.EventFanout<AnyServerEvent>()).open(this.#state.status === "closed");
  }

  // ---- lifecycle ----

  #startTimers(transport: Transport): void {
    this.#liveness.start(transport, this.#init.settings, (remainingMs) => this.#safeEmit("sessionExpiring", { remainingMs }));
    this.#rotation?.arm();
  }

  #clearTimers(): void {
    // Before the modules were installed no timer could have started.
    if (this.#modules === undefined) return;
    this.#liveness.stop();
    this.#rotation?.disarm();
  }

  #onClose(transport: Transport, code: number, reason: string, wasClean: boolean): void {
    if (this.#transport !== transport) return;
    this.#clearTimers();
    this.#transport = undefined;
    // Calls sent on this socket can no longer be answered, whatever happens next.
    this.#pending?.rejectAll(`The connection closed (code ${code}) before the service answered.`);
    // A rotation under way switches to its new socket, or hands the close back if it fails.
    if (this.#rotation?.absorbClose(code, reason, wasClean)) return;
    this.#lost(code, reason, wasClean);
  }

  #lost(code: number, reason: string, wasClean: boolean): void {
    this.#pending?.rejectAll(`The connection closed (code ${code}) before the service answered.`);
    const status = this.#state.status;
    if (this.#creation !== undefined) {
      // Still connecting: the connect or reconnect loop decides what happens next.
      this.#creation.reject(
        new VoiceLiveConnectionError("connection_closed", `The connection closed (code ${code}) before session.created.`, {
          retryable: isRetryableCloseCode(code),
          closeCode: code,
          closeReason: reason,
        }),
      );
      return;
    }
    // A drop during a reconnect's restore fails that attempt; the running loop retries.
    if (this.#reconnecting) return;
    const reconnect = this.#init.settings.reconnect;
    if (status === "open" && reconnect !== undefined && isRetryableCloseCode(code)) {
      void this.#reconnect(code, reason);
      return;
    }
    this.#finish(code, reason, wasClean);
  }

  async #reconnect(code: number, reason: string): Promise<void> {
    const policy = this.#init.settings.reconnect!;
    // Only an open session reconnects, so the modules are here.
    const modules = this.#modules!;
    const cause = modules.dropCause(code, reason, this.#liveness.heartbeatLost);
    this.#liveness.heartbeatLost = false;
    const controller = new AbortController();
    this.#abortReconnect = controller;
    this.#reconnecting = true;
    const attempt = await modules.runReconnectLoop(policy, controller.signal, {
      announce: (attempt, delayMs) => {
        this.#state = { status: "reconnecting", attempt };
        this.#safeEmit("reconnecting", { attempt, delayMs, error: cause });
      },
      attempt: async (signal) => {
        // Sends wait until the configuration and the history are back on the new socket.
        this.#holding = true;
        await this.#connect(signal, { ...policy, maxRetries: 0 });
        const restore = { configured: this.#configured, history: this.#history!, mode: policy.restoreHistory };
        await modules.restoreSession(this.#transport!, this.#pendingRequests(), signal, restore, this.#init.settings.connectTimeoutMs);
      },
    });
    this.#reconnecting = false;
    if (attempt !== undefined) {
      this.#safeEmit("reconnected", { attempt, sessionReset: true });
      // Queued sends go out after the app has heard of the new session, in order.
      this.#holding = false;
      if (this.#transport !== undefined) this.#flushQueue(this.#transport);
    } else if (!controller.signal.aborted) {
      this.#safeEmit("error", cause);
      this.#finish(code, reason, false);
    }
  }

  #abortReconnect: AbortController | undefined;
  #reconnecting = false;
  #resolveClosed: (() => void) | undefined;

  #finish(code: number, reason: string, wasClean: boolean): void {
    if (this.#state.status === "closed") return;
    this.#state = { status: "closed", code, reason };
    this.#clearTimers();
    this.#queue?.rejectAll(
      () => new VoiceLiveConnectionError("session_closed", `The session closed (code ${code}) before this was sent.`, { retryable: false }),
    );
    this.#pending?.rejectAll(`The session closed (code ${code}).`);
    this.#streams?.end();
    if (logger.info.enabled) logger.info(`session closed (code ${code})`);
    this.#safeEmit("close", { code, reason, wasClean });
    this.#resolveClosed?.();
  }

  /**
   * Closes the session with code 1000 and resolves once the socket is closed. Calling it
   * again returns the same promise. Queued sends and pending calls are rejected.
   */
  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#closed = new Promise<void>((resolve) => {
      if (this.#state.status === "closed") return resolve();
      // Settled by #finish itself, not through a listener an app listener could starve.
      this.#resolveClosed = resolve;
      this.#abortReconnect?.abort(new VoiceLiveConnectionError("session_closed", "The session was closed.", { retryable: false }));
      this.#rotation?.abort();
      this.#holding = false;
      const transport = this.#transport;
      this.#state = { status: "closing" };
      if (transport === undefined) return this.#finish(1000, "", true);
      transport.close(1000, "");
      const timer = setTimeout(() => {
        transport.terminate();
        this.#transport = undefined;
        this.#finish(1000, "", false);
      }, 2000);
      (timer as { unref?: () => void }).unref?.();
      this.once("close", () => clearTimeout(timer));
    });
    return this.#closed;
  }
}
