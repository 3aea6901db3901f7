import { randomUUID } from "node:crypto";
import type { RequestSession } from "../../protocol/session.js";

/** What to do with one browser frame: forward these bytes, or answer the browser instead. */
export type FrameVerdict =
  | { readonly forward: true; readonly type: string; readonly data: Buffer | string }
  | { readonly forward: false; readonly reply: string };

/** Error codes the relay itself puts in `error.code`. */
export const RELAY_ERROR_CODES = {
  /** The event type is not on this connection's allow-list. */
  eventNotAllowed: "event_not_allowed",
  /** The frame is binary, not JSON, or has no string `type`. */
  invalidEvent: "invalid_event",
} as const;

const PREFIX = Buffer.from('{"type":"');
const TYPE_KEY = '"type"';
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const SAFE_TYPE = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_ECHOED_EVENT_ID = 256;

function errorEvent(code: string, message: string, eventId: unknown): string {
  return JSON.stringify({
    type: "error",
    event_id: `relay_${randomUUID()}`,
    error: {
      type: "invalid_request_error",
      code,
      message,
      param: null,
      event_id: typeof eventId === "string" && eventId.length <= MAX_ECHOED_EVENT_ID ? eventId : null,
    },
  });
}

/**
 * The type of a frame that starts `{"type":"…"` and has no other `"type"` and no escape
 * anywhere, or undefined. Only such a frame can be forwarded unparsed: with a second
 * "type" key (possibly spelled with escapes) the service could read another type than
 * the one the allow-list saw. Audio appends, the bulk of the traffic, have this shape.
 */
function fastType(data: Buffer): string | undefined {
  if (data.length <= PREFIX.length || !data.subarray(0, PREFIX.length).equals(PREFIX)) return undefined;
  const end = data.indexOf(QUOTE, PREFIX.length);
  if (end === -1) return undefined;
  const type = data.toString("latin1", PREFIX.length, end);
  if (!SAFE_TYPE.test(type) || data.indexOf(BACKSLASH) !== -1 || data.indexOf(TYPE_KEY, end) !== -1) return undefined;
  return type;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function notAllowed(type: string, eventId: unknown): FrameVerdict {
  const shown = SAFE_TYPE.test(type) ? `"${type}" events` : "this event type";
  return {
    forward: false,
    reply: errorEvent(RELAY_ERROR_CODES.eventNotAllowed, `This relay does not forward ${shown}.`, eventId),
  };
}

/**
 * Decides what happens to a browser frame: forwarded as received when its type is allowed
 * and it needs no change, re-serialized from the parsed object when its type could only be
 * told by parsing, with the forced fields written over `session` for `session.update`;
 * otherwise answered with a Voice Live-shaped `error` event (`invalid_request_error`).
 */
export function inspectClientFrame(
  data: Buffer,
  isBinary: boolean,
  allowed: ReadonlySet<string>,
  forced: RequestSession | undefined,
): FrameVerdict {
  if (isBinary) {
    return { forward: false, reply: errorEvent(RELAY_ERROR_CODES.invalidEvent, "This relay forwards JSON text frames only.", null) };
  }
  const quick = fastType(data);
  const rewritten = forced !== undefined && (quick === "session.update" || quick === "response.create");
  if (quick !== undefined && allowed.has(quick) && !rewritten) {
    return { forward: true, type: quick, data };
  }
  const event = parseObject(data.toString("utf8"));
  if (event === undefined || typeof event.type !== "string") {
    return {
      forward: false,
      reply: errorEvent(RELAY_ERROR_CODES.invalidEvent, "Each frame must be a JSON object with a string type.", event?.event_id),
    };
  }
  const type = event.type;
  if (!allowed.has(type)) return notAllowed(type, event.event_id);
  if (type === "session.update" && forced !== undefined) {
    const session = event.session;
    if (typeof session === "object" && session !== null && !Array.isArray(session)) {
      event.session = { ...session, ...forced };
    }
  }
  if (type === "response.create" && forced !== undefined) applyForcedToResponse(event, forced);
  return { forward: true, type, data: JSON.stringify(event) };
}

/** Per-response fields that would otherwise override what the server forced for the session (REFERENCE §4.9). */
const RESPONSE_OVERRIDES = ["instructions", "tools", "tool_choice", "voice", "modalities", "temperature", "output_audio_format", "reasoning_effort"] as const;

/**
 * A `response.create` may override session fields for one response: the forced ones win
 * there too, and `additional_instructions` is dropped when the instructions are forced.
 */
function applyForcedToResponse(event: Record<string, unknown>, forced: RequestSession): void {
  const response = event.response;
  if (typeof response === "object" && response !== null && !Array.isArray(response)) {
    const fields = response as Record<string, unknown>;
    for (const key of RESPONSE_OVERRIDES) {
      if (forced[key] !== undefined && key in fields) fields[key] = forced[key];
    }
  }
  if (forced.instructions !== undefined) delete event.additional_instructions;
}

/** The `session.update` that applies the forced fields as soon as the upstream socket opens. */
export function forcedSessionUpdate(session: RequestSession): string {
  return JSON.stringify({ type: "session.update", event_id: `relay_${randomUUID()}`, session });
}
