import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { SimClient, closeAllClients } from "../../helpers/sim-client.js";

let sim: VoiceLiveSimulator | undefined;
afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

const text = (id: string, words: string) => ({ type: "message", id, role: "user", content: [{ type: "input_text", text: words }] });

async function connect(): Promise<SimClient> {
  sim = await VoiceLiveSimulator.start({ pace: "fast", msPerCharacter: 10 });
  return SimClient.connect(sim);
}

describe("conversation items", () => {
  it("appends, inserts after an id and at root, reporting previous_item_id", async () => {
    const client = await connect();
    client.send({ type: "conversation.item.create", item: text("a", "one") });
    client.send({ type: "conversation.item.create", item: text("b", "two") });
    client.send({ type: "conversation.item.create", previous_item_id: "a", item: text("c", "three") });
    client.send({ type: "conversation.item.create", previous_item_id: "root", item: { type: "message", id: "s", role: "system", content: [{ type: "input_text", text: "sys" }] } });
    await client.waitFor("conversation.item.created", 4);
    const created = client.events.filter((e) => e.type === "conversation.item.created");
    expect(created.map((e) => e.previous_item_id)).toEqual([null, "a", "a", null]);
    expect(sim!.sessions[0]!.conversation.map((item) => item.id)).toEqual(["s", "a", "c", "b"]);
    expect(created[0]!.item).toMatchObject({ id: "a", object: "realtime.item", status: "completed", content: [{ type: "input_text", text: "one" }] });
  });

  it("refuses an unknown previous_item_id and a duplicate id", async () => {
    const client = await connect();
    client.send({ type: "conversation.item.create", event_id: "e1", previous_item_id: "nope", item: text("a", "x") });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "item_not_found", param: "previous_item_id", event_id: "e1" });
    client.send({ type: "conversation.item.create", item: text("a", "x") });
    client.send({ type: "conversation.item.create", event_id: "e2", item: text("a", "y") });
    expect((await client.waitFor("error", 2)).error).toMatchObject({ code: "item_already_exists", event_id: "e2" });
    expect(sim!.sessions[0]!.conversation).toHaveLength(1);
  });

  it("retrieves an assistant item with its audio as base64, and deletes items", async () => {
    const client = await connect();
    client.send({ type: "response.create" });
    const done = await client.waitFor("response.done");
    const itemId = (done.response as { output: { id: string }[] }).output[0]!.id;
    const sent = Buffer.concat(client.events.filter((e) => e.type === "response.audio.delta").map((e) => Buffer.from(e.delta as string, "base64")));
    client.send({ type: "conversation.item.retrieve", item_id: itemId });
    const retrieved = await client.waitFor("conversation.item.retrieved");
    const part = (retrieved.item as { content: { type: string; audio: string; transcript: string }[] }).content[0]!;
    expect(part.type).toBe("audio");
    expect(Buffer.from(part.audio, "base64").equals(sent)).toBe(true);
    client.send({ type: "conversation.item.delete", item_id: itemId });
    expect(await client.waitFor("conversation.item.deleted")).toMatchObject({ item_id: itemId });
    client.send({ type: "conversation.item.retrieve", item_id: itemId, event_id: "r2" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "item_not_found", param: "item_id", event_id: "r2" });
    client.send({ type: "conversation.item.delete", item_id: itemId });
    expect((await client.waitFor("error", 2)).error).toMatchObject({ code: "item_not_found" });
  });

  it("truncates assistant audio, refusing a point beyond the item's audio", async () => {
    const client = await connect();
    client.send({ type: "response.create" });
    const done = await client.waitFor("response.done");
    const itemId = (done.response as { output: { id: string }[] }).output[0]!.id;
    const totalMs = "Hello from the Voice Live simulator.".length * 10;
    client.send({ type: "conversation.item.truncate", item_id: itemId, content_index: 0, audio_end_ms: totalMs + 50, event_id: "t1" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "invalid_value", param: "audio_end_ms", event_id: "t1" });
    client.send({ type: "conversation.item.truncate", item_id: itemId, content_index: 0, audio_end_ms: 100 });
    expect(await client.waitFor("conversation.item.truncated")).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 100 });
    client.send({ type: "conversation.item.retrieve", item_id: itemId });
    const retrieved = await client.waitFor("conversation.item.retrieved");
    const audio = (retrieved.item as { content: { audio: string }[] }).content[0]!.audio;
    expect(Buffer.from(audio, "base64").length).toBe(24000 * 0.1 * 2);
  });

  it("refuses to truncate a user item", async () => {
    const client = await connect();
    client.send({ type: "conversation.item.create", item: text("u", "hi") });
    client.send({ type: "conversation.item.truncate", item_id: "u", content_index: 0, audio_end_ms: 0 });
    expect((await client.waitFor("error")).error).toMatchObject({ param: "content_index" });
  });
});
