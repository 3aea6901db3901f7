import { afterEach, describe, expect, it } from "vitest";
import type { VoiceLiveSimulatorOptions } from "../../../src/testing/index.js";
import { SimHarness } from "../../helpers/sim-client.js";

const harness = new SimHarness();
afterEach(() => harness.stop());

const connect = (profile: string, options: VoiceLiveSimulatorOptions = {}) =>
  harness.connect(options, { query: { "api-version": "2025-10-01", model: "my-deployment", profile } });
const CHAT = "byom-azure-openai-chat-completion";
const REALTIME = "byom-azure-openai-realtime";

describe("BYOM profile rules", () => {
  it("rejects an OpenAI voice in chat-completion mode with the service's message and accepts an Azure voice", async () => {
    const client = await connect(CHAT);
    client.send({ type: "session.update", event_id: "v1", session: { voice: { type: "openai", name: "alloy" } } });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({ type: "invalid_request_error", param: "session.voice", event_id: "v1", message: expect.stringContaining("Only Azure voice is supported") });
    client.send({ type: "session.update", session: { voice: { type: "azure-standard", name: "en-US-AvaNeural" } } });
    expect((await client.waitFor("session.updated")).session).toMatchObject({ voice: { name: "en-US-AvaNeural" } });
  });

  it("sends a warning for a warn rule and still applies the update", async () => {
    const client = await connect(CHAT);
    client.send({ type: "session.update", session: { input_audio_transcription: { model: "whisper-1" } } });
    const warning = await client.waitFor("warning");
    expect(warning.warning).toMatchObject({ code: "cascaded-azure-transcription", param: "session.input_audio_transcription.model" });
    expect((await client.waitFor("session.updated")).session).toMatchObject({ input_audio_transcription: { model: "whisper-1" } });
  });

  it("rejects a phrase list in realtime mode", async () => {
    const client = await connect(REALTIME);
    client.send({ type: "session.update", session: { input_audio_transcription: { model: "azure-speech", phrase_list: ["Contoso"] } } });
    expect((await client.waitFor("error")).error).toMatchObject({ param: "session.input_audio_transcription.phrase_list", message: expect.stringContaining("phrase lists") });
  });

  it("skips the rules with profileRules: false", async () => {
    const client = await connect(CHAT, { profileRules: false });
    client.send({ type: "session.update", session: { voice: { type: "openai", name: "alloy" } } });
    await client.waitFor("session.updated");
    expect(client.types("error")).toEqual([]);
  });
});

describe("interim responses", () => {
  const interim = (triggers: string[], latency = 30) => ({
    voice: { type: "azure-standard", name: "en-US-AvaNeural" },
    modalities: ["text"],
    tools: [{ type: "function", name: "lookup" }],
    interim_response: { type: "static_interim_response", triggers, latency_threshold_ms: latency, texts: ["Let me check."] },
  });

  it("speaks the static interim text before the answer when the responder is slow", async () => {
    const client = await connect(CHAT, { responder: () => ({ text: "Here it is.", delayMs: 120 }) });
    client.send({ type: "session.update", session: interim(["latency"]) });
    await client.waitFor("session.updated");
    client.send({ type: "response.create" });
    const done = await client.waitFor("response.done");
    const texts = client.events.filter((e) => e.type === "response.text.done").map((e) => e.text);
    expect(texts).toEqual(["Let me check.", "Here it is."]);
    expect((done.response as { output: unknown[] }).output).toHaveLength(2);
  });

  it("sends no interim text when the responder answers within the threshold", async () => {
    const client = await connect(CHAT, { responder: () => ({ text: "Quick." }) });
    client.send({ type: "session.update", session: interim(["latency"], 1000) });
    await client.waitFor("session.updated");
    client.send({ type: "response.create" });
    await client.waitFor("response.done");
    expect(client.events.filter((e) => e.type === "response.text.done").map((e) => e.text)).toEqual(["Quick."]);
  });

  it("speaks the interim text before a tool call with the tool trigger", async () => {
    const client = await connect(CHAT, { responder: () => ({ toolCalls: [{ name: "lookup", arguments: "{}" }] }) });
    client.send({ type: "session.update", session: interim(["tool"]) });
    await client.waitFor("session.updated");
    client.send({ type: "response.create" });
    const done = await client.waitFor("response.done");
    expect((done.response as { output: { type: string }[] }).output.map((item) => item.type)).toEqual(["message", "function_call"]);
    expect((await client.waitFor("response.text.done")).text).toBe("Let me check.");
  });
});
