import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { SimClient, closeAllClients } from "../../helpers/sim-client.js";

let sim: VoiceLiveSimulator | undefined;
afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

describe("session limits", () => {
  it("ends a session at maxSessionDurationMs with error session_expired, then close 1001", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast", maxSessionDurationMs: 80 });
    const client = await SimClient.connect(sim);
    const closed = await client.closed;
    expect(closed.code).toBe(1001);
    expect(client.events.at(-1)).toMatchObject({ type: "error", error: { code: "session_expired" } });
    expect(sim.sessions).toEqual([]);
  });

  it("closes with 1009 when a client frame exceeds maxMessageBytes", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast", maxMessageBytes: 1024 });
    const client = await SimClient.connect(sim);
    client.send({ type: "input_audio_buffer.append", audio: "A".repeat(2048) });
    expect((await client.closed).code).toBe(1009);
  });

  it("accepts a frame just under maxMessageBytes", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast", maxMessageBytes: 4096 });
    const client = await SimClient.connect(sim);
    client.send({ type: "input_audio_buffer.append", audio: "A".repeat(2000) });
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
  });
});
