import { afterEach, describe, expect, it } from "vitest";
import type { Responder, VoiceLiveSimulatorOptions } from "../../../src/testing/index.js";
import { SimHarness, type SimClient, type WireEvent } from "../../helpers/sim-client.js";

const harness = new SimHarness();
afterEach(() => harness.stop());

const connect = (options: VoiceLiveSimulatorOptions = {}, session?: Record<string, unknown>) => harness.connect(options, { session });

const say = (client: SimClient, text: string): void =>
  client.send({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text }] } });
const bytesOf = (events: WireEvent[]) => events.filter((e) => e.type === "response.audio.delta").map((e) => Buffer.from(e.delta as string, "base64"));
const responseOf = (event: WireEvent) => event.response as { id: string; status: string; status_details: unknown; output: Record<string, unknown>[]; usage: Record<string, number> };

describe("responses", () => {
  it("streams an audio response in the documented event order with usage", async () => {
    const client = await connect();
    say(client, "hi there");
    client.send({ type: "response.create" });
    const done = await client.waitFor("response.done");
    const types = client.types().slice(2);
    const collapsed = types.filter((t, i) => !t.endsWith(".delta") || types[i - 1] !== t);
    expect(collapsed.filter((t) => !t.endsWith(".delta"))).toEqual([
      "response.created",
      "response.output_item.added",
      "conversation.item.created",
      "response.content_part.added",
      "response.audio.done",
      "response.audio_transcript.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.done",
    ]);
    expect(types.indexOf("response.audio_transcript.delta")).toBeLessThan(types.indexOf("response.audio.delta"));
    expect((await client.waitFor("response.audio_transcript.done")).transcript).toBe("You said: hi there");
    const transcript = client.events.filter((e) => e.type === "response.audio_transcript.delta").map((e) => e.delta).join("");
    expect(transcript).toBe("You said: hi there");
    const response = responseOf(done);
    expect(response.status).toBe("completed");
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed", content: [{ type: "audio", transcript: "You said: hi there" }] });
    expect(response.usage.total_tokens).toBe(response.usage.input_tokens! + response.usage.output_tokens!);
    expect(response.usage.output_tokens).toBeGreaterThan(0);
  });

  it("sends pcm16 24 kHz audio whose length follows the text, in 20–100 ms deltas", async () => {
    const client = await connect({ msPerCharacter: 50 });
    say(client, "abc");
    client.send({ type: "response.create" });
    await client.waitFor("response.done");
    const chunks = bytesOf(client.events);
    const totalMs = (chunks.reduce((n, c) => n + c.length, 0) / 2 / 24000) * 1000;
    expect(totalMs).toBeCloseTo("You said: abc".length * 50, 0);
    for (const chunk of chunks) {
      const ms = (chunk.length / 2 / 24000) * 1000;
      expect(ms).toBeGreaterThanOrEqual(20);
      expect(ms).toBeLessThanOrEqual(100);
    }
    const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0) / 2);
    let i = 0;
    for (const chunk of chunks) for (let j = 0; j < chunk.length; j += 2) samples[i++] = chunk.readInt16LE(j);
    expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(3000);
  });

  it("sends audio in the session's output format and rate", async () => {
    const client = await connect({ msPerCharacter: 100 }, { output_audio_format: "g711_ulaw" });
    client.send({ type: "response.create", response: { pre_generated_assistant_message: { type: "message", role: "assistant", content: [{ type: "text", text: "four" }] } } });
    await client.waitFor("response.done");
    expect(bytesOf(client.events).reduce((n, c) => n + c.length, 0)).toBe(8000 * 0.4);
    client.send({ type: "response.create", response: { output_audio_format: "pcm16_16000hz", pre_generated_assistant_message: { type: "message", role: "assistant", content: [{ type: "text", text: "four" }] } } });
    await client.waitFor("response.done", 2);
    const second = client.events.slice(client.events.findIndex((e) => e.type === "response.done") + 1);
    expect(bytesOf(second).reduce((n, c) => n + c.length, 0)).toBe(16000 * 0.4 * 2);
  });

  it("streams text deltas without audio when the session is text-only", async () => {
    const client = await connect({}, { modalities: ["text"] });
    say(client, "quiet please");
    client.send({ type: "response.create" });
    await client.waitFor("response.done");
    expect(client.types("response.audio")).toEqual([]);
    expect(client.events.filter((e) => e.type === "response.text.delta").map((e) => e.delta).join("")).toBe("You said: quiet please");
    expect(await client.waitFor("response.text.done")).toMatchObject({ text: "You said: quiet please", content_index: 0 });
    expect(await client.waitFor("response.content_part.added")).toMatchObject({ part: { type: "text", text: "" } });
  });

  it("lets a responder script the text, and fails the response when it throws", async () => {
    let calls = 0;
    const responder: Responder = (context) => {
      calls++;
      if (calls === 2) throw new Error("model exploded");
      return { text: `instructions were: ${context.instructions}` };
    };
    const client = await connect({ responder }, { instructions: "Be nice.", modalities: ["text"] });
    client.send({ type: "response.create", additional_instructions: "Be brief." });
    expect((await client.waitFor("response.text.done")).text).toBe("instructions were: Be nice.\nBe brief.");
    client.send({ type: "response.create" });
    const failed = responseOf(await client.waitFor("response.done", 2));
    expect(failed.status).toBe("failed");
    expect(failed.status_details).toMatchObject({ type: "failed", error: { message: "model exploded" } });
  });
});

describe("function calling", () => {
  const weather: Responder = (context) =>
    context.lastFunctionOutput !== undefined
      ? { text: `Weather: ${context.lastFunctionOutput.output}` }
      : { toolCalls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius", detail: "hourly" } }] };
  const tools = [{ type: "function", name: "get_weather", parameters: { type: "object" } }];

  it("calls a declared tool and continues the turn after function_call_output", async () => {
    const client = await connect({ responder: weather }, { tools, modalities: ["text"] });
    client.send({ type: "response.create" });
    const first = responseOf(await client.waitFor("response.done"));
    const argsDone = await client.waitFor("response.function_call_arguments.done");
    const deltas = client.events.filter((e) => e.type === "response.function_call_arguments.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => e.delta).join("")).toBe(argsDone.arguments);
    expect(JSON.parse(argsDone.arguments as string)).toEqual({ city: "Paris", unit: "celsius", detail: "hourly" });
    expect(argsDone).toMatchObject({ name: "get_weather", call_id: expect.stringMatching(/^call_/) });
    expect(first.output[0]).toMatchObject({ type: "function_call", name: "get_weather", call_id: argsDone.call_id, status: "completed" });

    client.send({ type: "conversation.item.create", item: { type: "function_call_output", call_id: argsDone.call_id, output: '{"sky":"clear"}' } });
    await client.waitFor("conversation.item.created", 2);
    client.send({ type: "response.create" });
    await client.waitFor("response.done", 2);
    expect((await client.waitFor("response.text.done")).text).toBe('Weather: {"sky":"clear"}');
    expect(harness.sim.sessions[0]!.conversation.map((item) => item.type)).toEqual(["function_call", "function_call_output", "message"]);
  });

  it("fails the response when the responder calls an undeclared tool", async () => {
    const client = await connect({ responder: weather }, { modalities: ["text"] });
    client.send({ type: "response.create" });
    const done = responseOf(await client.waitFor("response.done"));
    expect(done.status).toBe("failed");
    expect(JSON.stringify(done.status_details)).toContain("get_weather");
  });
});

describe("response concurrency and cancel", () => {
  it("refuses a second response.create while one is active", async () => {
    const client = await connect({ responder: () => ({ text: "slow", delayMs: 100 }) });
    client.send({ type: "response.create" });
    client.send({ type: "response.create", event_id: "second" });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({ code: "conversation_already_has_active_response", event_id: "second" });
    expect(responseOf(await client.waitFor("response.done")).status).toBe("completed");
    expect(client.types("response.created")).toHaveLength(1);
  });

  it("cancels the active response with status cancelled, reason client_cancelled, closing the open part", async () => {
    const client = await connect({ pace: "realtime", msPerCharacter: 100 });
    say(client, "a long answer please");
    client.send({ type: "response.create" });
    await client.waitFor("response.audio.delta");
    client.send({ type: "response.cancel" });
    const done = responseOf(await client.waitFor("response.done"));
    expect(done.status).toBe("cancelled");
    expect(done.status_details).toEqual({ type: "cancelled", reason: "client_cancelled" });
    expect(done.output[0]).toMatchObject({ status: "incomplete" });
    const tail = client.types().slice(-5);
    expect(tail).toEqual(["response.audio.done", "response.audio_transcript.done", "response.content_part.done", "response.output_item.done", "response.done"]);
  });

  it("answers response.cancel with an error when nothing is active", async () => {
    const client = await connect();
    client.send({ type: "response.cancel", event_id: "c0" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "response_cancel_not_active", event_id: "c0" });
  });
});
