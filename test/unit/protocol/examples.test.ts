import { describe, expect, it } from "vitest";
import { ClientEventSchema, decode, encode, SERVER_EVENT_TYPES, type ClientEvent } from "../../../src/index.js";
import { loadProtocolExamples } from "../../helpers/fixtures.js";

const examples = loadProtocolExamples();
const clientTypes = new Set(ClientEventSchema.def.options.map((o) => o.shape.type.def.values[0] as string));
const client = examples.filter((e) => clientTypes.has(e.event.type));
const server = examples.filter((e) => !clientTypes.has(e.event.type));

describe("protocol examples (shared/protocol/examples.jsonl)", () => {
  it("holds the 88 documented lines, 28 client and 60 server", () => {
    expect(examples).toHaveLength(88);
    expect(client).toHaveLength(28);
    expect(server).toHaveLength(60);
  });

  it.each(client.map((e) => [e.line, e.event.type, e] as const))(
    "line %i (%s) encodes without loss",
    (_line, _type, example) => {
      const text = encode(example.event as ClientEvent);
      expect(JSON.parse(text)).toEqual(example.event);
    },
  );

  it.each(server.map((e) => [e.line, e.event.type, e] as const))(
    "line %i (%s) decodes as a known event without loss",
    (_line, _type, example) => {
      const result = decode(example.text);
      expect(result.kind).toBe("event");
      if (result.kind !== "event") return;
      const { audio, ...wire } = result.event as unknown as Record<string, unknown>;
      expect(wire).toEqual(example.event);
      if (example.event.type === "response.audio.delta") {
        expect(audio).toBeInstanceOf(Uint8Array);
        expect((audio as Uint8Array).byteLength).toBe(480); // 10 ms of 24 kHz pcm16
      } else {
        expect(audio).toBeUndefined();
      }
    },
  );

  it("covers every server event type of 2025-10-01 that the examples show", () => {
    const seen = new Set(server.map((e) => e.event.type));
    for (const type of seen) expect(SERVER_EVENT_TYPES).toContain(type);
  });

  it("decodes binary frames that carry a JSON event", () => {
    const example = server.find((e) => e.event.type === "response.text.delta")!;
    const result = decode(new TextEncoder().encode(example.text));
    expect(result.kind).toBe("event");
  });
});
