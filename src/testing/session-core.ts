import type { ResponseCreateParams } from "../protocol/response.js";
import type { ResponseSession } from "../protocol/session.js";
import type { Conversation, StoredItem } from "./conversation.js";
import type { InputAudioBuffer } from "./input-audio-buffer.js";
import type { ResolvedOptions } from "./options.js";
import type { ResponseRun } from "./response-run.js";
import type { EnergyVad } from "./vad.js";

/** Fields of an `error` event. */
export interface WireProblem {
  readonly code: string;
  readonly message: string;
  readonly param?: string | undefined;
  /** Defaults to `invalid_request_error`. */
  readonly type?: string;
}

/** The state and actions that the per-event handlers share. */
export interface SessionCore {
  readonly id: string;
  readonly options: ResolvedOptions;
  config: ResponseSession;
  readonly conversation: Conversation;
  readonly input: InputAudioBuffer;
  readonly vad: EnergyVad;
  /** The user item id announced by `speech_started`, and where that turn's audio starts. */
  turn: { readonly itemId: string; readonly startMs: number } | undefined;
  readonly activeResponse: ResponseRun | undefined;
  send(event: Record<string, unknown>): void;
  sendError(problem: WireProblem, eventId: string | undefined): void;
  /** Adds an item after `previousItemId` (default: last) and sends `conversation.item.created`. */
  addItem(stored: StoredItem, previousItemId?: string): void;
  /** Starts a response, or reports `conversation_already_has_active_response`. */
  startResponse(request: ResponseCreateParams | undefined, additionalInstructions: string | undefined, eventId: string | undefined): void;
  /** Starts a response when a turn ends; waits for one in progress instead of failing. */
  startTurnResponse(): void;
}

/** Error codes the simulator sends in `error` events. */
export const SIMULATOR_ERROR_CODES = {
  invalidJson: "invalid_json",
  unknownEventType: "unknown_event_type",
  invalidValue: "invalid_value",
  commitEmpty: "input_audio_buffer_commit_empty",
  itemNotFound: "item_not_found",
  itemAlreadyExists: "item_already_exists",
  activeResponse: "conversation_already_has_active_response",
  cancelNotActive: "response_cancel_not_active",
  sessionExpired: "session_expired",
} as const;
