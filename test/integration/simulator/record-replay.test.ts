import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator, parseRecording, toJsonl, type RecordedFrame } from "../../../src/testing/index.js";
import { SimClient, closeAllClients } from "../../helpers/sim-client.js";

const sims: VoiceLiveSimulator[] = [];
let dir: string | undefined;
afterEach(async () => {
  closeAllClients();
  await Promise.all(sims.splice(0).map((s) => s.close()));
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});
const start = async (options: Parameters<typeof VoiceLiveSimulator.start>[0]) => {
  const sim = await VoiceLiveSimulator.start({ pace: "fast", ...options });
  sims.push(sim);
  return sim;
};

async function recordOneTurn(sim: VoiceLiveSimulator): Promise<{ client: SimClient; sessionId: string }> {
  const client = await SimClient.connect(sim);
  const sessionId = (client.events[0]!.session as { id: string }).id;
  client.send({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text: "record me" }] } });
  client.send({ type: "response.create" });
  await client.waitFor("response.done");
  return { client, sessionId };
}

describe("record and replay", () => {
  it("replays a recorded session's server frames to a new client, byte for byte", async () => {
    const original = await start({});
    const { client, sessionId } = await recordOneTurn(original);
    const recording = parseRecording(original.record(sessionId));
    expect(recording.filter((f) => f.direction === "received")).toHaveLength(2);

    const replayer = await start({ replay: recording, replayPace: "fast" });
    const replayed = await SimClient.connect(replayer);
    await replayed.waitFor("response.done");
    expect(replayed.raw.map((f) => f.data)).toEqual(client.raw.map((f) => f.data));
    expect(replayer.frames[0]?.sessionId).toBe(sessionId);
  });

  it("replays with the recorded timing and the recorded close", async () => {
    const frames: RecordedFrame[] = [
      { atMs: 0, direction: "sent", data: JSON.stringify({ type: "session.created", session: { id: "sess_recorded" } }) },
      { atMs: 5, direction: "received", data: JSON.stringify({ type: "response.create" }) },
      { atMs: 150, direction: "sent", data: JSON.stringify({ type: "response.created", response: { id: "resp_1" } }) },
      { atMs: 160, direction: "sent", close: { code: 4000, reason: "recorded close" } },
    ];
    const replayer = await start({ replay: frames });
    const client = await SimClient.connect(replayer);
    const openedAt = Date.now();
    await client.waitFor("response.created");
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(120);
    expect(await client.closed).toEqual({ code: 4000, reason: "recorded close" });
  });

  it("writes each session live to recordTo, and replays from that file", async () => {
    dir = await mkdtemp(join(tmpdir(), "voicelive-sim-"));
    const recorder = await start({ recordTo: dir });
    const { client, sessionId } = await recordOneTurn(recorder);
    client.ws.close(1000);
    await client.closed;
    await recorder.close();
    const file = join(dir, `${sessionId}.jsonl`);
    expect(await readdir(dir)).toEqual([`${sessionId}.jsonl`]);
    const written = parseRecording(await readFile(file, "utf8"));
    expect(written.at(-1)).toMatchObject({ direction: "received", close: { code: 1000 } });
    expect(written.filter((f) => f.direction === "sent")).toHaveLength(client.raw.length);

    const replayer = await start({ replay: file, replayPace: "fast" });
    const replayed = await SimClient.connect(replayer);
    await replayed.waitFor("response.done");
    expect(replayed.raw.map((f) => f.data)).toEqual(client.raw.map((f) => f.data));
  });

  it("round-trips frames through JSONL and names the bad line of a broken recording", async () => {
    const frames: RecordedFrame[] = [
      { atMs: 1.5, direction: "sent", data: "{}" },
      { atMs: 2, direction: "sent", data: "AQID", binary: true },
      { atMs: 3, direction: "received", close: { code: 1000, reason: "" } },
    ];
    expect(parseRecording(toJsonl(frames))).toEqual(frames);
    expect(() => parseRecording('{"atMs":0,"direction":"sent","data":"{}"}\nnot json\n')).toThrow(/line 2/);
    dir = await mkdtemp(join(tmpdir(), "voicelive-sim-"));
    await writeFile(join(dir, "bad.jsonl"), '{"atMs":"x"}\n');
    await expect(VoiceLiveSimulator.start({ replay: join(dir, "bad.jsonl") })).rejects.toThrow(SyntaxError);
  });
});
