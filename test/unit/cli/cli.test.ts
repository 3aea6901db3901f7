import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/voicelive.js";
import { runTalkCommand } from "../../../src/cli/talk-command.js";
import { parseWav } from "../../../src/index.js";
import { WavFileSink, WavFileSource } from "../../../src/node/index.js";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";

const QUESTION = new URL("../../fixtures/audio/question-24k.wav", import.meta.url).pathname;

function io(env: Record<string, string | undefined> = {}, signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env, signal },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

let sim: VoiceLiveSimulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const startSim = async () =>
  (sim = await VoiceLiveSimulator.start({
    pace: "fast",
    transcriber: () => "What is the weather like in Seattle today?",
    responder: () => ({ text: "Cloudy and mild." }),
  }));

describe("voicelive command line", () => {
  it("prints help and the version", async () => {
    const help = io();
    expect(await main(["help"], help.io)).toBe(0);
    expect(help.out()).toMatch(/talk[\s\S]*run[\s\S]*sim/);
    const version = io();
    expect(await main(["--version"], version.io)).toBe(0);
    expect(version.out().trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["run", "--out", "x.wav"], /--in <question.wav> is required/],
    [["run", "--in", QUESTION, "--out", "x.wav"], /no endpoint: pass --endpoint/],
    [["talk", "--recorder", "cassette", "--endpoint", "http://127.0.0.1:1"], /--recorder must be one of sox, ffmpeg, arecord/],
    [["run", "--bogus"], /bogus/],
  ])("fails %j with one clear line and exit code 2", async (argv, message) => {
    const run = io({});
    expect(await main(argv, run.io)).toBe(2);
    expect(run.err()).toMatch(message);
    expect(run.err().trim().split("\n")).toHaveLength(1);
  });

  it("run: sends the question and writes the spoken reply", async () => {
    await startSim();
    const dir = mkdtempSync(join(tmpdir(), "voicelive-cli-"));
    dirs.push(dir);
    const out = join(dir, "reply.wav");
    const run = io({ VOICELIVE_ENDPOINT: sim!.endpoint, VOICELIVE_API_KEY: "k" });
    expect(await main(["run", "--in", QUESTION, "--out", out], run.io)).toBe(0);
    expect(run.out()).toContain("you: What is the weather like in Seattle today?");
    expect(run.out()).toContain("assistant: Cloudy and mild.");
    const reply = parseWav(new Uint8Array(readFileSync(out)));
    expect(reply.format.sampleRate).toBe(24000);
    expect(reply.durationMs).toBeGreaterThan(500);
  });

  it("run: a refused key is one line and exit code 1, without the key", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast", apiKeys: ["right"] });
    const run = io({ VOICELIVE_ENDPOINT: sim.endpoint });
    expect(await main(["run", "--in", QUESTION, "--out", "/tmp/never.wav", "--api-key", "WRONG-KEY-123"], run.io)).toBe(1);
    expect(run.err()).toMatch(/^voicelive: handshake_rejected: .*401/);
    expect(run.err()).not.toContain("WRONG-KEY-123");
  });

  it("talk: shows the transcript and the listening/speaking indicator until stopped", async () => {
    await startSim();
    const dir = mkdtempSync(join(tmpdir(), "voicelive-cli-"));
    dirs.push(dir);
    const stop = new AbortController();
    const talk = io({ VOICELIVE_ENDPOINT: sim!.endpoint, VOICELIVE_API_KEY: "k" }, stop.signal);
    const done = runTalkCommand([], talk.io, {
      createSource: () => WavFileSource.open(QUESTION, { realtime: true }),
      createSink: (format) => new WavFileSink(join(dir, "speaker.wav"), { format }),
    });
    const deadline = Date.now() + 15_000;
    while (!talk.out().includes("Cloudy and mild.") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await done).toBe(0);
    const lines = talk.out();
    expect(lines).toContain("● listening");
    expect(lines).toContain("you: What is the weather like in Seattle today?");
    expect(lines).toContain("◆ speaking");
    expect(lines).toContain("assistant: Cloudy and mild.");
  });
});
