import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  ClientEventSchema,
  ConversationItemTruncateEventSchema,
  ErrorEventSchema,
  SERVER_EVENT_TYPES,
  ServerEventSchema,
  SessionCreatedEventSchema,
} from "../../src/protocol/index.js";
import { collectEvents, describeSchema, EVENTS_DOC_PATH, lifecycleDocs, renderEventsDoc } from "../../scripts/generate-events-doc.js";

describe("docs/events.md", () => {
  it("matches what the schemas and their JSDoc generate", async () => {
    const committed = await readFile(EVENTS_DOC_PATH, "utf8").catch(() => "(missing)");
    const generated = renderEventsDoc();
    // A plain equality message: a full-page diff would bury the instruction.
    if (committed !== generated) {
      const line = committed.split("\n").findIndex((text, i) => text !== generated.split("\n")[i]) + 1;
      expect.fail(`docs/events.md is out of date (first difference at line ${line}); run \`npm run docs:events\` and commit the result.`);
    }
  });

  it("documents every server and client event type, each with a description", () => {
    const { server, client } = collectEvents();
    expect(server.map((e) => e.type)).toEqual(SERVER_EVENT_TYPES);
    const clientTypes = ClientEventSchema.def.options.map((schema) => schema.shape.type.def.values[0]);
    expect(client.map((e) => e.type)).toEqual(clientTypes);
    for (const event of [...server, ...client]) expect(event.description, event.type).not.toBe("");
    expect(ServerEventSchema.def.options.length).toBe(server.length);
  });

  it("describes fields from the zod definitions: optionality, integer bounds, named schemas and field JSDoc", () => {
    const { server, client } = collectEvents();
    const truncated = server.find((e) => e.type === "conversation.item.truncated")!;
    expect(truncated.schemaName).toBe("ConversationItemTruncatedEventSchema");
    expect(truncated.fields).toEqual([
      { name: "type", optional: false, type: '"conversation.item.truncated"', description: "" },
      { name: "event_id", optional: true, type: "string", description: "" },
      { name: "item_id", optional: false, type: "string", description: "" },
      { name: "content_index", optional: false, type: "integer ≥ 0", description: "" },
      { name: "audio_end_ms", optional: false, type: "number ≥ 0", description: "" },
    ]);
    const created = server.find((e) => e.type === "conversation.item.created")!;
    expect(created.fields.find((f) => f.name === "previous_item_id")).toMatchObject({ optional: true, type: "string | null" });
    expect(created.fields.find((f) => f.name === "item")?.type).toBe("ResponseItem");
    const create = client.find((e) => e.type === "response.create")!;
    expect(create.fields.find((f) => f.name === "additional_instructions")).toEqual({
      name: "additional_instructions",
      optional: true,
      type: "string",
      description: "Appended to the session instructions for this response only.",
    });
    expect(create.description).toBe("Starts a response. Answered by `response.created` … `response.done`.");
  });

  it("names exported schemas and spells out anonymous ones", () => {
    expect(describeSchema(ErrorEventSchema.shape.error as never)).toBe("{ type, code?, message, param?, event_id? }");
    expect(describeSchema(SessionCreatedEventSchema.shape.session as never)).toBe("ResponseSession");
    expect(describeSchema(ConversationItemTruncateEventSchema.shape.audio_end_ms as never)).toBe("integer ≥ 0");
  });

  it("lists the lifecycle keys of LifecycleEvents with their listeners and JSDoc", () => {
    const lifecycle = lifecycleDocs();
    expect(lifecycle.map((l) => l.key)).toEqual(expect.arrayContaining(["open", "close", "error", "reconnecting", "reconnected", "protocolError", "sessionExpiring", "event"]));
    expect(lifecycle.find((l) => l.key === "close")).toEqual({
      key: "close",
      listener: "(info: CloseInfo) => void",
      description: "The connection closed for good (after any reconnect attempts).",
    });
  });
});
