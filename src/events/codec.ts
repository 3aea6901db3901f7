import { decodeBase64 } from "../encoding/base64.js";
import { VoiceLiveProtocolError, type ProtocolIssue } from "../errors/protocol-error.js";
import { VoiceLiveValidationError } from "../errors/validation-error.js";
import { ClientEventSchema, type ClientEvent } from "../protocol/client-events.js";
import { describeProtocolIssues, toProtocolIssues } from "../protocol/issues.js";
import { SERVER_EVENT_SCHEMAS } from "../protocol/server-event.js";
import { readDeltaFrame } from "./audio-delta-fast-path.js";
import type { AudioDeltaEvent, ReceivedServerEvent, UnknownServerEvent } from "./event-map.js";
import { isKnownValidSession, rememberValidSession, sessionRestStart } from "./session-memo.js";
import { markUnvalidated } from "./validated.js";

export { isValidatedServerEvent } from "./validated.js";
export { encodeAudioAppend } from "./audio-append.js";

/** What `decode` made of one frame. It never throws. */
export type DecodeResult =
  /** A known event that passed its schema. */
  | { readonly kind: "event"; readonly event: ReceivedServerEvent }
  /** An event whose `type` this SDK does not know: delivered raw, for forward compatibility. */
  | { readonly kind: "unknown"; readonly event: UnknownServerEvent }
  /** A known `type` whose fields failed the schema: raw event plus the error with its paths. */
  | { readonly kind: "invalid"; readonly event: UnknownServerEvent; readonly error: VoiceLiveProtocolError }
  /** Not a JSON event at all; the error names the byte length, never the text. */
  | { readonly kind: "malformed"; readonly error: VoiceLiveProtocolError };

/** A received WebSocket frame: text, or binary bytes. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/** UTF-8 length of a string, counted without allocating. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const malformed = (byteLength: number, reason: string, binary: boolean): DecodeResult => ({
  kind: "malformed",
  error: new VoiceLiveProtocolError(
    binary ? "binary_frame" : "malformed_frame",
    `Received a ${binary ? "binary" : "text"} frame of ${byteLength} bytes that ${reason}; it was not delivered.`,
    { byteLength },
  ),
});

const textDecoder = new TextDecoder("utf-8", { fatal: true });

/*
 * The layout below is for V8's warm-up as much as for reading. A function runs in the
 * interpreter, with no inline caches, until it has run about eight times its own bytecode
 * length; code that a call skips does not count. The first connects of a process decode
 * one `session.created` each, so a function whose common path skips a long tail of rare
 * cases stays slow for dozens of connects. Each function here runs most of its body on
 * the common path; failures and rare cases are functions of their own.
 */

/** A text frame: streamed deltas by the fast path, everything else by `JSON.parse` and its schema. */
function decodeText(frame: string, binary: boolean, byteLength: number): DecodeResult {
  const fast = readDeltaFrame(frame);
  return fast !== undefined ? { kind: "event", event: fast as ReceivedServerEvent } : decodeJson(frame, binary, byteLength);
}

/** What `JSON.parse` returns for text that is not JSON. */
const NOT_JSON: unique symbol = Symbol("not JSON");

function parseJson(frame: string): unknown {
  try {
    return JSON.parse(frame);
  } catch {
    return NOT_JSON;
  }
}

/** The `type` of a parsed JSON object, or undefined. */
const eventTypeOf = (value: unknown): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;

/**
 * A session frame equal to one that passed its schema before, but for its ids, passes
 * without the schema (`session-memo.ts`); anything else is checked by `validate`.
 */
function decodeJson(frame: string, binary: boolean, byteLength: number): DecodeResult {
  const value = parseJson(frame);
  const type = eventTypeOf(value);
  const restStart = type === "session.created" || type === "session.updated" ? sessionRestStart(frame) : -1;
  return restStart !== -1 && isKnownValidSession(type as string, frame, restStart)
    ? { kind: "event", event: value as ReceivedServerEvent }
    : validate(frame, value, type, binary, byteLength, restStart);
}

/** A parsed frame (`type` from `eventTypeOf`) checked against its event type's schema, with the audio of a delta decoded. */
function validate(frame: string, value: unknown, type: unknown, binary: boolean, byteLength: number, restStart: number): DecodeResult {
  if (typeof type !== "string") return notAnEvent(frame, value, binary, byteLength);
  // A string `type` came from a JSON object (`eventTypeOf`).
  const schema = SERVER_EVENT_SCHEMAS[type as keyof typeof SERVER_EVENT_SCHEMAS];
  if (schema === undefined) {
    markUnvalidated(value as object);
    return { kind: "unknown", event: value as UnknownServerEvent };
  }

  const parsed = schema.safeParse(value);
  if (parsed.success && restStart !== -1) rememberValidSession(type, frame, restStart);
  let issues: ProtocolIssue[] | undefined = parsed.success ? undefined : toProtocolIssues(parsed.error.issues);
  if (issues === undefined && type === "response.audio.delta") {
    const event = value as AudioDeltaEvent & { audio?: Uint8Array };
    try {
      event.audio = decodeBase64(event.delta);
    } catch (error) {
      issues = [{ path: ["delta"], message: (error as Error).message }];
    }
  }
  if (issues !== undefined) {
    const size = byteLength || utf8Length(frame);
    const error = new VoiceLiveProtocolError(
      "schema_mismatch",
      `Received a "${type}" event (${size} bytes) that does not match its schema: ${describeProtocolIssues(issues)}.`,
      { eventType: type, byteLength: size, issues },
    );
    markUnvalidated(value as object);
    return { kind: "invalid", event: value as UnknownServerEvent, error };
  }
  // The listener gets the parsed object itself, not zod's copy: unknown fields survive.
  return { kind: "event", event: value as ReceivedServerEvent };
}

/** Why a frame whose parse gave no string `type` is not an event. */
function notAnEvent(frame: string, value: unknown, binary: boolean, byteLength: number): DecodeResult {
  const reason =
    value === NOT_JSON ? "is not JSON" : typeof value !== "object" || value === null || Array.isArray(value) ? "is not a JSON object" : "has no string `type`";
  return malformed(byteLength || utf8Length(frame), reason, binary);
}

/** A binary frame: its bytes as UTF-8 text, decoded like a text frame. */
function decodeBinary(frame: ArrayBuffer | ArrayBufferView): DecodeResult {
  const bytes =
    frame instanceof ArrayBuffer ? new Uint8Array(frame) : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  let text: string;
  try {
    text = textDecoder.decode(bytes);
  } catch {
    return malformed(bytes.byteLength, "is not UTF-8 text", true);
  }
  return decodeText(text, true, bytes.byteLength);
}

/**
 * Turns one received frame into a typed server event. Never throws: unknown types,
 * schema mismatches and non-JSON frames come back as results. Streamed deltas (audio,
 * transcript, text) take a fast path that skips generic JSON parsing; audio is decoded once.
 */
export function decode(frame: Frame): DecodeResult {
  return typeof frame === "string" ? decodeText(frame, false, 0) : decodeBinary(frame);
}

const clientEventTypes = ClientEventSchema.def.options.map((option) => option.shape.type.def.values[0]);

/**
 * Validates a client event and serializes it. Throws `VoiceLiveValidationError` naming
 * each bad path and what is allowed; nothing is sent for an invalid event. Fields the
 * schema does not know are sent as given (newer service fields stay usable).
 */
export function encode(event: ClientEvent): string {
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !clientEventTypes.includes(type as ClientEvent["type"])) {
    throw new VoiceLiveValidationError(
      `Unknown client event type ${JSON.stringify(type)}; expected one of: ${clientEventTypes.join(", ")}.`,
      { issues: [{ path: ["type"], message: `expected one of: ${clientEventTypes.join(", ")}` }] },
    );
  }
  const parsed = ClientEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = toProtocolIssues(parsed.error.issues);
    throw new VoiceLiveValidationError(`Invalid "${type}" event: ${describeProtocolIssues(issues)}.`, {
      eventType: type,
      issues,
    });
  }
  return JSON.stringify(event);
}
