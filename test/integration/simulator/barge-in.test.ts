import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { SimClient, closeAllClients, type WireEvent } from "../../helpers/sim-client.js";
import { appendEvents, concatSamples, silence, tone } from "../../helpers/sim-audio.js";

let sim: VoiceLiveSimulator | undefined;
afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

const LONG = "This answer is long enough to be interrupted well before it ends.";

/** Starts a realtime-paced spoken response and waits until some audio has arrived. */
async function speakingClient(turnDetection: Record<string, unknown>): Promise<SimClient> {
  sim = await VoiceLiveSimulator.start({ pace: "realtime", msPerCharacter: 15, responder: (c) => ({ text: c.lastUserText === "go" ? LONG : "ok" }) });
  const client = await SimClient.connect(sim);
  client.send({ type: "session.update", session: { turn_detection: { type: "server_vad", silence_duration_ms: 200, ...turnDetection } } });
  await client.waitFor("session.updated");
  client.send({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text: "go" }] } });
  client.send({ type: "response.create" });
  await client.waitFor("response.audio.delta", 3);
  return client;
}

const speak = (client: SimClient): void => {
  for (const event of appendEvents(concatSamples(silence(100), tone(300), silence(300)), 24000, 100)) client.send(event);
};
const audioMsBefore = (events: WireEvent[], end: number): number =>
  events.slice(0, end).filter((e) => e.type === "response.audio.delta").reduce((ms, e) => ms + (Buffer.from(e.delta as string, "base64").length / 2 / 24), 0);

describe("barge-in", () => {
  it("cancels the response with reason turn_detected and truncates at the audio actually sent", async () => {
    const client = await speakingClient({ interrupt_response: true, auto_truncate: true });
    speak(client);
    const done = await client.waitFor("response.done");
    const truncated = await client.waitFor("conversation.item.truncated");
    const types = client.types();
    expect(types.indexOf("input_audio_buffer.speech_started")).toBeLessThan(types.indexOf("response.done"));
    expect(types.indexOf("response.done")).toBeLessThan(types.indexOf("conversation.item.truncated"));
    expect(done.response).toMatchObject({ status: "cancelled", status_details: { type: "cancelled", reason: "turn_detected" } });
    const item = (done.response as { output: { id: string }[] }).output[0]!;
    const sentMs = audioMsBefore(client.events, client.events.indexOf(done));
    expect(truncated).toMatchObject({ item_id: item.id, content_index: 0 });
    expect(Math.abs((truncated.audio_end_ms as number) - sentMs)).toBeLessThanOrEqual(1);
    expect(sentMs).toBeLessThan(LONG.length * 15);
    // The interrupting turn gets its own response.
    await client.waitFor("response.done", 2);
  });

  it("treats a missing interrupt_response as true and does not truncate without auto_truncate", async () => {
    const client = await speakingClient({});
    speak(client);
    expect((await client.waitFor("response.done")).response).toMatchObject({ status: "cancelled" });
    await client.waitFor("response.done", 2);
    expect(client.types("conversation.item.truncated")).toEqual([]);
  });

  it("lets the response finish when interrupt_response is false", async () => {
    const client = await speakingClient({ interrupt_response: false });
    speak(client);
    await client.waitFor("input_audio_buffer.speech_started");
    expect((await client.waitFor("response.done")).response).toMatchObject({ status: "completed" });
    // The user's turn still gets a response once the first one is over.
    await client.waitFor("response.done", 2);
  });
});
