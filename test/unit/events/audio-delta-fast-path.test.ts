import { describe, expect, it } from "vitest";
import {
  decode,
  decodeBase64,
  encodeBase64,
  readAudioDeltaFrame,
  readDeltaFrame,
  ResponseAudioDeltaEventSchema,
  ResponseAudioTranscriptDeltaEventSchema,
  ResponseTextDeltaEventSchema,
} from "../../../src/index.js";

const SCHEMAS = {
  "response.audio.delta": ResponseAudioDeltaEventSchema,
  "response.audio_transcript.delta": ResponseAudioTranscriptDeltaEventSchema,
  "response.text.delta": ResponseTextDeltaEventSchema,
} as const;
type DeltaType = keyof typeof SCHEMAS;
const TYPES = Object.keys(SCHEMAS) as DeltaType[];

/** The general path the fast path must agree with: JSON.parse, the type's schema, then base64 for audio. */
function slowPath(frame: string): { ok: true; event: Record<string, unknown> } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false };
  }
  const type = (value as { type?: unknown } | null)?.type as DeltaType;
  if (!(type in SCHEMAS) || !SCHEMAS[type].safeParse(value).success) return { ok: false };
  const event = value as Record<string, unknown> & { delta: string };
  if (type !== "response.audio.delta") return { ok: true, event };
  try {
    return { ok: true, event: { ...event, audio: decodeBase64(event.delta) } };
  } catch {
    return { ok: false };
  }
}

const pcm = (ms: number) => {
  const bytes = new Uint8Array((24000 * 2 * ms) / 1000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
  return encodeBase64(bytes);
};
const AUDIO = pcm(20);
/** A delta value as the service writes it for each type. */
const sampleDelta = (type: DeltaType): string => (type === "response.audio.delta" ? AUDIO : "Your order ");
/** The service's layout: type, event_id, response_id, item_id, output_index, content_index, delta. */
const canonical = (type: DeltaType = "response.audio.delta", delta = sampleDelta(type), extra = "") =>
  `{"type":"${type}","event_id":"event_42","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":"${delta}"${extra}}`;

const valid: string[] = [
  ...TYPES.map((type) => canonical(type)),
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":2147483647,"content_index":12,"delta":""}`,
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAE"}`,
  canonical("response.audio_transcript.delta", "¿Qué tal? 你好 👋 — fine"),
  canonical("response.text.delta", ""),
  canonical("response.text.delta", "{\\u} [] , : 42 'quoted'".replace("\\u", "u")),
];

/** Valid, but not the service's layout: the general path takes them, with the same result. */
const validOffPath: string[] = [
  `{"type":"response.audio.delta","delta":"${pcm(100)}","content_index":3,"output_index":12,"item_id":"i","response_id":"r"}`,
  `{"event_id":"e","type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAAA"}`,
  canonical("response.audio.delta", AUDIO, ',"extra":1'),
  canonical("response.audio_transcript.delta", 'say \\"hi\\"\\n'),
  canonical("response.text.delta", "caf\\u00e9"),
  canonical().replace('"response_id":"resp_1",', '"response_id" : "resp_1",'),
  canonical() + " ",
];

const invalid: string[] = [
  canonical("response.audio.delta", AUDIO, ',"delta":"AAAA"'),
  canonical().replace('"output_index":0', '"output_index":-1'),
  canonical().replace('"output_index":0', '"output_index":1.0'),
  canonical().replace('"output_index":0', '"output_index":01'),
  canonical().replace('"output_index":0', '"output_index":2147483648'),
  canonical().replace('"output_index":0', '"output_index":"0"'),
  canonical().replace('"output_index":0', '"output_index":null'),
  canonical().replace('"content_index":0,', ""),
  canonical().replace('"item_id":"item_1"', '"item_id":"it\\u0065m"'),
  canonical().replace('"item_id":"item_1"', '"item_id":"it\\"em"'),
  canonical().replace('"item_id":"item_1"', '"item_id":{"a":1}'),
  canonical().replace('"event_id":"event_42"', '"event_id":7'),
  canonical().replace('"event_id":"event_42"', '"event_id":"ev\u0001\n"'),
  canonical().replace('"item_id":"item_1"', '"item_id":"it\tem"'),
  canonical("response.audio_transcript.delta", "line\nbreak"),
  canonical("response.text.delta", "tab\there"),
  canonical("response.text.delta", "ends with a backslash\\"),
  canonical("response.audio.delta", "AA*A"),
  canonical("response.audio.delta", "A"),
  canonical("response.audio.delta", "AA-_"),
  canonical("response.audio.delta", "AA\\/A"),
  canonical().replace(`"delta":"${AUDIO}"`, '"delta":null'),
  canonical().slice(0, -1),
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAAA"}}`,
  canonical().replace('"type":"response.audio.delta"', '"type":"response.audio.deltas"'),
];

function expectAgreement(frame: string): void {
  const fast = readDeltaFrame(frame);
  const slow = slowPath(frame);
  if (fast !== undefined) {
    expect(slow.ok, `fast path accepted what the schema rejects: ${frame.slice(0, 160)}`).toBe(true);
    if (slow.ok) expect(fast).toEqual(slow.event);
  }
  const decoded = decode(frame);
  expect(decoded.kind === "event").toBe(slow.ok);
  if (decoded.kind === "event" && slow.ok) expect(decoded.event).toEqual(slow.event);
}

describe("streamed delta fast path", () => {
  it.each(valid.map((f, i) => [i, f]))("accepts valid sample %i exactly as the schema does", (_i, frame) => {
    expect(readDeltaFrame(frame)).toBeDefined();
    expectAgreement(frame);
  });

  it.each(validOffPath.map((f, i) => [i, f]))("leaves valid off-layout sample %i to the general path, same result", (_i, frame) => {
    expect(readDeltaFrame(frame)).toBeUndefined();
    expect(slowPath(frame).ok).toBe(true);
    expectAgreement(frame);
  });

  it.each(invalid.map((f, i) => [i, f]))("agrees with the schema on invalid sample %i", (_i, frame) => {
    expect(readDeltaFrame(frame)).toBeUndefined();
    expectAgreement(frame);
  });

  it("hands back the audio bytes decoded once, and no audio field for text", () => {
    const event = readAudioDeltaFrame(canonical())!;
    expect(event.audio).toEqual(decodeBase64(AUDIO));
    expect(event.audio.byteLength).toBe(960);
    expect(event.delta).toBe(AUDIO);
    const transcript = readDeltaFrame(canonical("response.audio_transcript.delta"))!;
    expect(transcript).toEqual({
      type: "response.audio_transcript.delta",
      event_id: "event_42",
      response_id: "resp_1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
      delta: "Your order ",
    });
  });

  it("readAudioDeltaFrame takes audio only; other types go to the general path", () => {
    expect(readAudioDeltaFrame(canonical("response.text.delta"))).toBeUndefined();
    expect(readAudioDeltaFrame('{"type":"response.audio.done","response_id":"r"}')).toBeUndefined();
    expect(readDeltaFrame('{"type":"response.audio.done","response_id":"r","item_id":"i","output_index":0,"content_index":0}')).toBeUndefined();
  });

  it.each(TYPES)("never accepts a mutated %s frame the schema would reject (seeded fuzz, 4,000 mutations)", (type) => {
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '{}[]":,.-0123456789eE\\ AZaz+/=_nul\n\t\u0001é';
    const base = canonical(type, type === "response.audio.delta" ? pcm(1) : "Hello there").replace('"output_index":0', '"output_index":3');
    const protectedPrefix = `{"type":"${type}",`.length;
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      let frame = base;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = protectedPrefix + Math.floor(random() * (frame.length - protectedPrefix));
        const ch = alphabet[Math.floor(random() * alphabet.length)]!;
        const op = random();
        frame = op < 0.4 ? frame.slice(0, at) + ch + frame.slice(at + 1) : op < 0.7 ? frame.slice(0, at) + ch + frame.slice(at) : frame.slice(0, at) + frame.slice(at + 1);
      }
      if (readDeltaFrame(frame) !== undefined) accepted++;
      expectAgreement(frame);
    }
    // The fuzz must exercise acceptance too, or it proves nothing about agreement.
    expect(accepted).toBeGreaterThan(50);
  });
});
