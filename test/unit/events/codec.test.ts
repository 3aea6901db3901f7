import { describe, expect, it } from "vitest";
import {
  decode,
  encode,
  isValidatedServerEvent,
  VoiceLiveProtocolError,
  VoiceLiveValidationError,
  type ClientEvent,
} from "../../../src/index.js";

const frame = (event: object) => JSON.stringify(event);
const SECRET_TEXT = "sk-very-secret-payload-text";

describe("decode", () => {
  it("passes an unknown event type through raw, for forward compatibility", () => {
    const event = { type: "response.hologram.delta", event_id: "e1", pixels: [1, 2, 3] };
    const result = decode(frame(event));
    expect(result.kind).toBe("unknown");
    if (result.kind === "unknown") expect(result.event).toEqual(event);
  });

  it("keeps fields the schema does not know on a known event", () => {
    const event = { type: "input_audio_buffer.cleared", event_id: "e2", future_field: { a: 1 } };
    const result = decode(frame(event));
    expect(result.kind).toBe("event");
    if (result.kind === "event") expect(result.event).toEqual(event);
  });

  it("lets an unknown variant of an open union through inside a known event", () => {
    const session = { id: "sess_1", voice: { type: "azure-future-voice", name: "x", knob: 3 }, tools: [{ type: "web_search" }] };
    const result = decode(frame({ type: "session.updated", session }));
    expect(result.kind).toBe("event");
  });

  it("still validates a known variant of an open union strictly", () => {
    const session = { id: "sess_1", voice: { type: "azure-standard" } };
    const result = decode(frame({ type: "session.updated", session }));
    expect(result.kind).toBe("invalid");
  });

  it("reports a wrong-typed field as a schema mismatch with its path", () => {
    const result = decode(frame({ type: "conversation.item.truncated", item_id: "i", content_index: "zero", audio_end_ms: 10 }));
    expect(result.kind).toBe("invalid");
    if (result.kind !== "invalid") return;
    expect(result.error).toBeInstanceOf(VoiceLiveProtocolError);
    expect(result.error.code).toBe("schema_mismatch");
    expect(result.error.eventType).toBe("conversation.item.truncated");
    expect(result.error.issues.map((i) => i.path)).toEqual([["content_index"]]);
    expect(result.error.message).toContain("content_index");
    expect(result.event.type).toBe("conversation.item.truncated");
  });

  it("reports nested paths, e.g. inside the response object", () => {
    const result = decode(frame({ type: "response.done", response: { id: "r", status: "exploded" } }));
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") expect(result.error.issues[0]?.path).toEqual(["response", "status"]);
  });

  it("reports an audio delta whose base64 is corrupt instead of delivering garbage", () => {
    const event = { type: "response.audio.delta", response_id: "r", item_id: "i", output_index: 0, content_index: 0, delta: "AA*A" };
    const result = decode(frame(event));
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") expect(result.error.issues[0]?.path).toEqual(["delta"]);
  });

  it.each([
    ["not JSON", `{"type": "error", ${SECRET_TEXT}`, "malformed_frame", "is not JSON"],
    ["a JSON array", `["${SECRET_TEXT}"]`, "malformed_frame", "is not a JSON object"],
    ["JSON null", "null", "malformed_frame", "is not a JSON object"],
    ["JSON without a type", `{"secret":"${SECRET_TEXT}"}`, "malformed_frame", "has no string `type`"],
    ["a number type", `{"type":42,"secret":"${SECRET_TEXT}"}`, "malformed_frame", "has no string `type`"],
  ])("reports %s as malformed with its byte length and never its text", (_name, text, code, reason) => {
    const result = decode(text);
    expect(result.kind).toBe("malformed");
    if (result.kind !== "malformed") return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(`bytes that ${reason};`);
    expect(result.error.byteLength).toBe(new TextEncoder().encode(text).length);
    const shown = `${result.error.message} ${JSON.stringify(result.error)}`;
    expect(shown).not.toContain(SECRET_TEXT);
    expect(shown).toContain(String(result.error.byteLength));
  });

  it("reports a binary frame that is not UTF-8 or not JSON as a binary_frame error", () => {
    for (const bytes of [new Uint8Array([0xff, 0xfe, 0x00, 0x41]), new TextEncoder().encode(SECRET_TEXT)]) {
      const result = decode(bytes);
      expect(result.kind).toBe("malformed");
      if (result.kind !== "malformed") continue;
      expect(result.error.code).toBe("binary_frame");
      expect(result.error.byteLength).toBe(bytes.byteLength);
      expect(result.error.message).not.toContain(SECRET_TEXT);
    }
  });

  it("decodes an ArrayBuffer and a view into a larger buffer alike", () => {
    const text = frame({ type: "input_audio_buffer.cleared", event_id: "e" });
    const bytes = new TextEncoder().encode(`xx${text}yy`);
    expect(decode(bytes.subarray(2, bytes.length - 2)).kind).toBe("event");
    expect(decode(new TextEncoder().encode(text).buffer).kind).toBe("event");
  });

  it("marks unknown and invalid events as unvalidated, and only those", () => {
    const known = decode(frame({ type: "input_audio_buffer.cleared" }));
    const unknown = decode(frame({ type: "brand.new" }));
    const invalid = decode(frame({ type: "conversation.item.deleted", item_id: 5 }));
    expect(known.kind === "event" && isValidatedServerEvent(known.event)).toBe(true);
    expect(unknown.kind === "unknown" && !isValidatedServerEvent(unknown.event)).toBe(true);
    expect(invalid.kind === "invalid" && !isValidatedServerEvent(invalid.event)).toBe(true);
  });

  it("never throws, whatever the frame", () => {
    const frames = ["", "null", "{}", '{"type":null}', "\u0000", '{"type":"response.audio.delta"}', '{"type":"response.audio.delta",}'];
    for (const f of frames) expect(() => decode(f)).not.toThrow();
  });
});

describe("encode", () => {
  it("serializes a valid event exactly as given", () => {
    const event: ClientEvent = { type: "conversation.item.truncate", item_id: "i", content_index: 0, audio_end_ms: 1200 };
    expect(encode(event)).toBe(JSON.stringify(event));
  });

  it("sends fields the schema does not know, so newer service fields stay usable", () => {
    const event = { type: "session.update", session: { instructions: "x", brand_new_field: true } } as ClientEvent;
    expect(JSON.parse(encode(event)).session.brand_new_field).toBe(true);
  });

  it("throws a validation error naming the path and the allowed values", () => {
    const bad = { type: "session.update", session: { input_audio_format: "mp3" } } as unknown as ClientEvent;
    let error: unknown;
    try {
      encode(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VoiceLiveValidationError);
    expect(error).toBeInstanceOf(TypeError);
    const validation = error as VoiceLiveValidationError;
    expect(validation.eventType).toBe("session.update");
    expect(validation.issues[0]?.path).toEqual(["session", "input_audio_format"]);
    expect(validation.message).toContain("session.input_audio_format");
    expect(validation.message).toContain('"pcm16"');
    expect(validation.message).toContain('"g711_alaw"');
  });

  it("rejects a truncate with negative milliseconds", () => {
    const bad = { type: "conversation.item.truncate", item_id: "i", content_index: 0, audio_end_ms: -5 } as ClientEvent;
    expect(() => encode(bad)).toThrow(/audio_end_ms/);
  });

  it("rejects an Azure voice without a name and a user message with assistant content", () => {
    expect(() => encode({ type: "session.update", session: { voice: { type: "azure-standard" } } } as unknown as ClientEvent)).toThrow(/session\.voice/);
    const item = { type: "message", role: "user", content: [{ type: "text", text: "hi" }] };
    expect(() => encode({ type: "conversation.item.create", item } as unknown as ClientEvent)).toThrow(/item/);
  });

  it("rejects a value that is not an event at all with the list of event types", () => {
    expect(() => encode(null as unknown as ClientEvent)).toThrow(/expected one of: session\.update/);
  });
});
