import type { WebSocket } from "ws";
import { ClientEventSchema, type ClientEvent } from "../protocol/client-events.js";
import type { ResponseItem } from "../protocol/items.js";
import type { ResponseCreateParams } from "../protocol/response.js";
import { modelAudioPath } from "../protocol/profile-rules.js";
import type { ResponseSession } from "../protocol/session.js";
import { appendAudio, clearAudio, commitAudio } from "./audio-turns.js";
import { Conversation, type StoredItem } from "./conversation.js";
import type { FaultAction } from "./faults.js";
import type { HandshakeParams } from "./handshake.js";
import { newId } from "./ids.js";
import { InputAudioBuffer } from "./input-audio-buffer.js";
import { createItem, deleteItem, retrieveItem, truncateItem } from "./item-handlers.js";
import type { ResolvedOptions } from "./options.js";
import { buildResponsePlan } from "./response-plan.js";
import { ResponseRun } from "./response-run.js";
import { applySessionUpdate, defaultSession } from "./session-config.js";
import { SIMULATOR_ERROR_CODES, type SessionCore, type WireProblem } from "./session-core.js";
import { SocketChannel, type ChannelHooks } from "./socket-channel.js";
import { EnergyVad } from "./vad.js";

/** An open simulated session as tests see it in `sim.sessions`: identity, effective config and conversation. */
export interface SimulatorSession {
  readonly id: string;
  readonly apiVersion: string;
  readonly model: string | undefined;
  readonly profile: string | undefined;
  readonly agent: { readonly name: string; readonly projectName: string } | undefined;
  /** The connection query string with credentials removed. */
  readonly query: string;
  /** The effective session configuration (a copy). */
  readonly config: ResponseSession;
  /** The conversation items in order (copies, audio left out). */
  readonly conversation: readonly ResponseItem[];
  /** The id of the response streaming now. */
  readonly activeResponseId: string | undefined;
  /** Ms of input audio received. */
  readonly inputAudioMs: number;
}

const describeIssue = (issue: { path: readonly PropertyKey[]; code?: string }): string =>
  `${issue.path.length > 0 ? issue.path.map(String).join(".") : "(event)"} is invalid (${issue.code ?? "invalid"})`;

/** One simulated Voice Live session on one WebSocket. */
export class SimSession implements SessionCore {
  readonly id = newId("sess");
  readonly conversation = new Conversation();
  readonly input = new InputAudioBuffer();
  readonly vad = new EnergyVad();
  readonly options: ResolvedOptions;
  config: ResponseSession;
  turn: SessionCore["turn"];
  readonly #params: HandshakeParams;
  readonly #channel: SocketChannel;
  #active: ResponseRun | undefined;
  #turnResponsePending = false;
  #audioProduced = false;
  #responseDelayMs = 0;
  #responsesStalled = false;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  #trigger: { readonly type: string; readonly actions: readonly FaultAction[] } | undefined;

  constructor(ws: WebSocket, params: HandshakeParams, options: ResolvedOptions, hooks: ChannelHooks) {
    this.options = options;
    this.#params = params;
    this.config = defaultSession({
      id: this.id,
      model: params.model,
      audioPath: modelAudioPath(params.profile, params.model),
      agent: params.agent,
    });
    this.#channel = new SocketChannel(ws, this.id, hooks, {
      onText: (text, eventId) => this.#receive(text, eventId),
      onClose: () => this.#closed(),
    });
  }

  get activeResponse(): ResponseRun | undefined {
    return this.#active;
  }

  get sessionId(): string {
    return this.id;
  }

  /** False once the connection is closing or closed. */
  get live(): boolean {
    return !this.#channel.gone;
  }

  /** Sends `session.created`, arms the session time limit, then runs or arms the connection's faults. */
  open(actions: readonly FaultAction[] = [], afterClientEvent?: string): void {
    this.send({ type: "session.created", session: structuredClone(this.config) });
    this.#expiry = setTimeout(() => this.#expire(), this.options.maxSessionDurationMs);
    this.#expiry.unref();
    if (afterClientEvent !== undefined) this.#trigger = { type: afterClientEvent, actions };
    else for (const action of actions) this.applyFault(action);
  }

  /** The view tests read through `sim.sessions`. */
  view(): SimulatorSession {
    const params = this.#params;
    return {
      id: this.id,
      apiVersion: params.apiVersion,
      model: params.model,
      profile: params.profile,
      agent: params.agent,
      query: params.redactedQuery,
      config: structuredClone(this.config),
      conversation: this.conversation.snapshot(),
      activeResponseId: this.#active?.id,
      inputAudioMs: this.input.clockMs,
    };
  }

  send(event: Record<string, unknown>): void {
    this.#channel.sendEvent(event);
  }

  sendError(problem: WireProblem, eventId: string | undefined): void {
    this.send({
      type: "error",
      error: { type: problem.type ?? "invalid_request_error", code: problem.code, message: problem.message, param: problem.param ?? null, event_id: eventId ?? null },
    });
  }

  addItem(stored: StoredItem, previousItemId?: string): void {
    const previous = this.conversation.insert(stored, previousItemId);
    this.send({ type: "conversation.item.created", previous_item_id: previous ?? null, item: structuredClone(stored.item) });
  }

  startResponse(request: ResponseCreateParams | undefined, additionalInstructions: string | undefined, eventId: string | undefined): void {
    if (this.#active !== undefined) {
      if (request?.cancel_previous !== true) {
        this.sendError(
          {
            code: SIMULATOR_ERROR_CODES.activeResponse,
            message: `Conversation already has an active response in progress: ${this.#active.id}. Wait until the response is finished before creating a new one.`,
          },
          eventId,
        );
        return;
      }
      this.#active.cancel("client_cancelled");
    }
    const plan = buildResponsePlan(this, request, additionalInstructions, { delayMs: this.#responseDelayMs, stalled: this.#responsesStalled });
    const run = new ResponseRun(
      {
        sessionId: this.id,
        pace: this.options.pace,
        audioChunkMs: this.options.audioChunkMs,
        msPerCharacter: this.options.msPerCharacter,
        send: (event) => this.send(event),
        addItem: (stored) => this.addItem(stored),
        onAudioProduced: () => {
          this.#audioProduced = true;
        },
        onFinished: (finished) => this.#responseFinished(finished),
      },
      plan,
    );
    this.#active = run;
    run.start();
  }

  startTurnResponse(): void {
    if (this.#active === undefined) this.startResponse(undefined, undefined, undefined);
    else this.#turnResponsePending = true;
  }

  /** Carries out one fault action on this connection. */
  applyFault(action: FaultAction): void {
    switch (action.type) {
      case "stop-pings":
        this.#channel.answerPings = false;
        return;
      case "delay-responses":
        this.#responseDelayMs = action.delayMs;
        return;
      case "stall-responses":
        this.#responsesStalled = true;
        return;
      default:
        this.#channel.applyFault(action);
    }
  }

  /** Closes from the server side (simulator shutdown). */
  terminate(): void {
    this.#channel.terminate();
  }

  #responseFinished(run: ResponseRun): void {
    if (this.#active !== run) return;
    this.#active = undefined;
    if (this.#turnResponsePending) {
      this.#turnResponsePending = false;
      // Let the finished response's last frame leave before the next one starts.
      queueMicrotask(() => this.startTurnResponse());
    }
  }

  #expire(): void {
    this.sendError(
      { code: SIMULATOR_ERROR_CODES.sessionExpired, message: `Your session hit the maximum duration of ${this.options.maxSessionDurationMs} ms.` },
      undefined,
    );
    this.#channel.close(1001, "session expired");
  }

  #closed(): void {
    if (this.#expiry !== undefined) clearTimeout(this.#expiry);
    this.#active?.abandon();
    this.#active = undefined;
  }

  #receive(text: string, parsed: unknown): void {
    if (parsed === undefined) {
      this.sendError({ code: SIMULATOR_ERROR_CODES.invalidJson, message: `The frame (${text.length} characters) is not a JSON object.` }, undefined);
      return;
    }
    const raw = parsed as { type?: unknown; event_id?: unknown };
    const eventId = typeof raw.event_id === "string" ? raw.event_id : undefined;
    if (this.#trigger !== undefined && raw.type === this.#trigger.type) {
      const { actions } = this.#trigger;
      this.#trigger = undefined;
      for (const action of actions) this.applyFault(action);
      if (this.#channel.gone) return;
    }
    const result = ClientEventSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const unknownType = issue.path.length === 1 && issue.path[0] === "type";
      this.sendError(
        unknownType
          ? { code: SIMULATOR_ERROR_CODES.unknownEventType, param: "type", message: `Unknown client event type ${JSON.stringify(raw.type)}.` }
          : {
              code: SIMULATOR_ERROR_CODES.invalidValue,
              param: issue.path.map(String).join("."),
              message: `Invalid ${JSON.stringify(raw.type)} event: ${result.error.issues.slice(0, 3).map(describeIssue).join("; ")}.`,
            },
        eventId,
      );
      return;
    }
    this.#dispatch(parsed as ClientEvent, eventId);
  }

  #dispatch(event: ClientEvent, eventId: string | undefined): void {
    switch (event.type) {
      case "session.update":
        return this.#update(event.session, eventId);
      case "input_audio_buffer.append":
      case "input_audio.turn.append":
        return appendAudio(this, event.audio, eventId);
      case "input_audio_buffer.commit":
      case "input_audio.turn.end":
        return commitAudio(this, eventId);
      case "input_audio_buffer.clear":
        return clearAudio(this, true);
      case "input_audio.turn.start":
      case "input_audio.turn.cancel":
      case "input_audio.clear":
        return clearAudio(this, false);
      case "conversation.item.create":
        return createItem(this, event);
      case "conversation.item.retrieve":
        return retrieveItem(this, event.item_id, eventId);
      case "conversation.item.delete":
        return deleteItem(this, event.item_id, eventId);
      case "conversation.item.truncate":
        return truncateItem(this, event);
      case "response.create":
        return this.startResponse(event.response, event.additional_instructions, eventId);
      case "response.cancel":
        return this.#cancel(event.response_id, eventId);
      case "session.avatar.connect":
        return this.send({ type: "session.avatar.connecting", server_sdp: Buffer.from("v=0\r\ns=voicelive-simulator\r\n").toString("base64") });
      case "output_audio_buffer.clear":
        return this.send({ type: "output_audio_buffer.cleared" });
    }
  }

  #update(update: Parameters<typeof applySessionUpdate>[1], eventId: string | undefined): void {
    const outcome = applySessionUpdate(this.config, update, {
      audioProduced: this.#audioProduced,
      profile: this.#params.profile,
      model: this.#params.model,
      profileRules: this.options.profileRules,
    });
    if (!outcome.ok) return this.sendError(outcome.problem, eventId);
    const formatChanged =
      outcome.session.input_audio_format !== this.config.input_audio_format ||
      outcome.session.input_audio_sampling_rate !== this.config.input_audio_sampling_rate;
    const vadChanged = JSON.stringify(outcome.session.turn_detection) !== JSON.stringify(this.config.turn_detection);
    this.config = outcome.session;
    if (formatChanged || vadChanged) clearAudio(this, false);
    for (const warning of outcome.warnings) this.send({ type: "warning", warning });
    this.send({ type: "session.updated", session: structuredClone(this.config) });
  }

  #cancel(responseId: string | undefined, eventId: string | undefined): void {
    const active = this.#active;
    if (active === undefined || (responseId !== undefined && responseId !== active.id)) {
      this.sendError(
        {
          code: SIMULATOR_ERROR_CODES.cancelNotActive,
          param: responseId === undefined ? undefined : "response_id",
          message: responseId === undefined ? "Cancellation failed: no active response found." : `Cancellation failed: response '${responseId}' is not active.`,
        },
        eventId,
      );
      return;
    }
    active.cancel("client_cancelled");
  }
}
