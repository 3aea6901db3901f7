import { describe, expect, it } from "vitest";
import { decode, decodeBase64, encodeBase64, readAudioDeltaFrame, ResponseAudioDeltaEventSchema } from "../../../src/index.js";

/** The general path the fast path must agree with: JSON.parse, the schema, then base64. */
function slowPath(frame: string): { ok: true; event: Record<string, unknown> } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false };
  }
  if (!ResponseAudioDeltaEventSchema.safeParse(value).success) return { ok: false };
  const event = value as Record<string, unknown> & { delta: string };
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
const canonical = (extra = "") =>
  `{"type":"response.audio.delta","event_id":"event_42","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":"${AUDIO}"${extra}}`;

const valid: string[] = [
  canonical(),
  `{"type":"response.audio.delta","delta":"${pcm(100)}","content_index":3,"output_index":12,"item_id":"i","response_id":"r"}`,
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":2147483647,"content_index":0,"delta":""}`,
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAE"}`,
];
const invalidOrOffPath: string[] = [
  canonical(',"extra":1'),
  canonical(',"delta":"AAAA"'),
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
  canonical().replace('"event_id":"event_42"', '"event_id":"ev\u0001\n"'.replace("\\u0001", "\u0001").replace("\\n", "\n")),
  canonical().replace('"item_id":"item_1"', '"item_id":"it\tem"'.replace("\\t", "\t")),
  canonical().replace(`"delta":"${AUDIO}"`, '"delta":"AA*A"'),
  canonical().replace(`"delta":"${AUDIO}"`, '"delta":"A"'),
  canonical().replace(`"delta":"${AUDIO}"`, '"delta":"AA-_"'),
  canonical().replace(`"delta":"${AUDIO}"`, '"delta":null'),
  canonical().replace('"response_id":"resp_1",', '"response_id" : "resp_1",'),
  canonical() + " ",
  canonical().slice(0, -1),
  `{"event_id":"e","type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAAA"}`,
  `{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAAA"}}`,
];

function expectAgreement(frame: string): void {
  const fast = readAudioDeltaFrame(frame);
  const slow = slowPath(frame);
  if (fast !== undefined) {
    expect(slow.ok, `fast path accepted what the schema rejects: ${frame.slice(0, 160)}`).toBe(true);
    if (slow.ok) expect(fast).toEqual(slow.event);
  }
  const decoded = decode(frame);
  expect(decoded.kind === "event").toBe(slow.ok);
  if (decoded.kind === "event" && slow.ok) expect(decoded.event).toEqual(slow.event);
}

describe("audio delta fast path", () => {
  it.each(valid.map((f, i) => [i, f]))("accepts valid sample %i exactly as the schema does", (_i, frame) => {
    expect(readAudioDeltaFrame(frame)).toBeDefined();
    expectAgreement(frame);
  });

  it.each(invalidOrOffPath.map((f, i) => [i, f]))("agrees with the schema on off-path sample %i", (_i, frame) => {
    expectAgreement(frame);
  });

  it("hands back the delta bytes decoded once", () => {
    const event = readAudioDeltaFrame(canonical())!;
    expect(event.audio).toEqual(decodeBase64(AUDIO));
    expect(event.audio.byteLength).toBe(960);
    expect(event.delta).toBe(AUDIO);
  });

  it("leaves frames of other types to the general path", () => {
    expect(readAudioDeltaFrame('{"type":"response.audio.done","response_id":"r"}')).toBeUndefined();
  });

  it("never accepts a mutated frame the schema would reject (seeded fuzz, 5,000 mutations)", () => {
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '{}[]":,.-0123456789eE\\ AZaz+/=_nul\n\t\u0001';
    const base = `{"type":"response.audio.delta","event_id":"e1","response_id":"r1","item_id":"i1","output_index":3,"content_index":1,"delta":"${pcm(1)}"}`;
    let accepted = 0;
    for (let n = 0; n < 5000; n++) {
      let frame = base;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = 31 + Math.floor(random() * (frame.length - 31));
        const ch = alphabet[Math.floor(random() * alphabet.length)]!;
        const op = random();
        frame = op < 0.4 ? frame.slice(0, at) + ch + frame.slice(at + 1) : op < 0.7 ? frame.slice(0, at) + ch + frame.slice(at) : frame.slice(0, at) + frame.slice(at + 1);
      }
      if (readAudioDeltaFrame(frame) !== undefined) accepted++;
      expectAgreement(frame);
    }
    // The fuzz must exercise acceptance too, or it proves nothing about agreement.
    expect(accepted).toBeGreaterThan(50);
  });
});
