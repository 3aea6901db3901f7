import { afterEach, describe, expect, it, vi } from "vitest";
import { decode, SERVER_EVENT_SCHEMAS, SessionCreatedEventSchema } from "../../../src/index.js";

/** session.created as the service writes it: type, event_id, then the session with its id first. */
const created = (eventId: string, sessionId: string, settings = '"model":"gpt-4.1","voice":{"type":"azure-standard","name":"en-US-Ava:DragonHDLatestNeural"},"temperature":0.8') =>
  `{"type":"session.created","event_id":"${eventId}","session":{"id":"${sessionId}",${settings}}}`;

/** The general path the memo must agree with: JSON.parse, then the schema. */
const schemaAccepts = (frame: string): boolean => {
  try {
    return SessionCreatedEventSchema.safeParse(JSON.parse(frame)).success;
  } catch {
    return false;
  }
};

afterEach(() => vi.restoreAllMocks());

describe("session memo", () => {
  it("validates a session's settings once: the same settings with new ids skip the schema", () => {
    const spy = vi.spyOn(SERVER_EVENT_SCHEMAS["session.created"], "safeParse");
    const settings = '"model":"memo-test-1","modalities":["text","audio"],"tool_choice":"auto"';
    const first = decode(created("event_1", "sess_1", settings));
    expect(first.kind).toBe("event");
    expect(spy).toHaveBeenCalledTimes(1);
    const second = decode(created("event_2", "sess_2", settings));
    expect(second.kind).toBe("event");
    if (second.kind === "event") expect(second.event).toMatchObject({ event_id: "event_2", session: { id: "sess_2", model: "memo-test-1" } });
    expect(spy).toHaveBeenCalledTimes(1);
    // Other settings are validated on their own.
    decode(created("event_3", "sess_3", settings.replace("memo-test-1", "memo-test-2")));
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("never remembers a session that failed, and ids with escapes always go to the schema", () => {
    const spy = vi.spyOn(SERVER_EVENT_SCHEMAS["session.created"], "safeParse");
    const bad = '"model":"memo-test-bad","temperature":"hot"';
    expect(decode(created("e1", "s1", bad)).kind).toBe("invalid");
    expect(decode(created("e2", "s2", bad)).kind).toBe("invalid");
    expect(spy).toHaveBeenCalledTimes(2);
    const settings = '"model":"memo-test-escapes"';
    decode(created("e3", "s3", settings));
    expect(spy).toHaveBeenCalledTimes(3);
    expect(decode(created("e\\u0034", "s4", settings)).kind).toBe("event");
    expect(spy).toHaveBeenCalledTimes(4);
    decode(created("e5", "s5", settings));
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it("agrees with the schema on every mutation of a remembered frame (seeded fuzz, 3,000 mutations)", () => {
    const settings =
      '"model":"memo-fuzz","modalities":["text","audio"],"voice":{"type":"azure-standard","name":"en-US-Ava:DragonHDLatestNeural","temperature":0.7},' +
      '"turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":500},"input_audio_sampling_rate":24000,"tools":[],"max_response_output_tokens":"inf"';
    const base = created("event_0", "sess_0", settings);
    expect(decode(base).kind).toBe("event");
    let seed = 0x5e55;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '{}[]":,.-0123456789eE\\ azAZ_nul\t\u0001';
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      let frame = base;
      const at = Math.floor(random() * frame.length);
      const ch = alphabet[Math.floor(random() * alphabet.length)]!;
      const op = random();
      frame = op < 0.4 ? frame.slice(0, at) + ch + frame.slice(at + 1) : op < 0.7 ? frame.slice(0, at) + ch + frame.slice(at) : frame.slice(0, at) + frame.slice(at + 1);
      const result = decode(frame);
      const expected = schemaAccepts(frame);
      expect(result.kind === "event", frame).toBe(expected);
      if (expected) accepted++;
    }
    // Mutations inside the ids keep the frame valid and hit the memo; the fuzz must see those too.
    expect(accepted).toBeGreaterThan(50);
  });
});
