import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWav } from "../../src/audio/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// tsx's own entry run by this Node: what `npx tsx` runs, without npx's lookup or its npm warnings.
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const FIXTURES = join(ROOT, "test", "fixtures", "audio");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs examples/node/<file> as `tsx` would from the repository root, against the in-process simulator. */
function runExample(file: string, args: readonly string[] = []): Promise<Run> {
  const env = { ...process.env };
  // Never Azure: without an endpoint every example starts its simulator on 127.0.0.1.
  delete env.VOICELIVE_ENDPOINT;
  delete env.VOICELIVE_API_KEY;
  delete env.AZURE_LOG_LEVEL;
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, join("examples", "node", file), ...args], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

/** The lines of the output, for assertions on whole lines. */
const lines = (run: Run): string[] => run.stdout.trimEnd().split("\n").map((line) => line.trimEnd());

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "voicelive-examples-"));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe.concurrent("examples against the simulator", { timeout: 35_000 }, () => {
  it("quickstart streams the fixture, prints both transcripts and writes a 24 kHz reply as long as the audio it received", async () => {
    const out = join(outDir, "quickstart.wav");
    const run = await runExample("quickstart.ts", ["--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = lines(run);
    expect(output).toContain("Session ready: voice en-US-Ava:DragonHDLatestNeural, turn detection server_vad");
    expect(output).toContain("Streaming question-24k.wav");
    expect(output).toContain("You: What is the weather like in Seattle today?");
    expect(output).toContain("Assistant: It is cloudy in Seattle, with light rain and about twelve degrees.");
    expect(output).toContain("Response completed");
    // VAD order: speech starts, stops, then the transcript arrives.
    const started = output.findIndex((l) => l.startsWith("[speech started at"));
    const stopped = output.findIndex((l) => l.startsWith("[speech stopped at"));
    expect(started).toBeGreaterThan(-1);
    expect(stopped).toBeGreaterThan(started);
    expect(output.indexOf("You: What is the weather like in Seattle today?")).toBeGreaterThan(stopped);

    const wav = parseWav(await readFile(out));
    expect(wav.format).toEqual({ sampleRate: 24000, channels: 1, sampleType: "pcm16" });
    const printed = /^Reply: (\d+\.\d) s of audio written to (.+)$/.exec(output.find((l) => l.startsWith("Reply:")) ?? "");
    expect(printed?.[2]).toBe(out);
    expect(Number(printed?.[1])).toBeGreaterThan(2);
    expect(Number(printed?.[1])).toBe(Number((wav.durationMs / 1000).toFixed(1)));
  });

  it("quickstart maps --byom and --model to the profile and deployment in the URL", async () => {
    const run = await runExample("quickstart.ts", ["--byom", "byom-azure-openai-chat-completion", "--model", "my-gpt41", "--out", join(outDir, "byom.wav")]);
    expect(run.code).toBe(0);
    const connected = lines(run).find((l) => l.startsWith("Connected: "));
    expect(connected).toMatch(/^Connected: ws:\/\/127\.0\.0\.1:\d+\/voice-live\/realtime\?api-version=[\d-]+&model=my-gpt41&profile=byom-azure-openai-chat-completion$/);
    expect(lines(run)).toContain("You: What is the weather like in Seattle today?");
  });

  it("quickstart fails before sending when chat-completion BYOM gets an OpenAI voice", async () => {
    const run = await runExample("quickstart.ts", ["--byom", "byom-azure-openai-chat-completion", "--model", "my-gpt41", "--voice", "alloy", "--out", join(outDir, "alloy.wav")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^TypeError: session\.voice: Only Azure voice is supported \(profile "byom-azure-openai-chat-completion"/);
    expect(run.stdout).not.toContain("Connected:");
  });

  it("text-chat streams one answer per scripted turn, in order", async () => {
    const run = await runExample("text-chat.ts");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const turns = lines(run).filter((l) => l.startsWith("You: ") || l.startsWith("Assistant: "));
    expect(turns).toEqual([
      "You: Hi! In one sentence, what is Voice Live?",
      "Assistant: Voice Live is an Azure API for low-latency speech conversations with AI models.",
      "You: Name two things I could build with it.",
      "Assistant: A phone agent for customer support, or a hands-free assistant in a car.",
      "You: Thanks, that's all.",
      "Assistant: You're welcome, goodbye!",
    ]);
    expect(run.stdout).toMatch(/\n3 turns, [1-9]\d* output tokens\.\n$/);
  });

  it("function-calling runs get_weather for the model and prints the answer built from its result", async () => {
    const run = await runExample("function-calling.ts", ["--question", "Is it raining in New York today?"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines(run).slice(-5)).toEqual([
      "You: Is it raining in New York today?",
      'Model calls get_weather({"city":"New York","unit":"celsius"})',
      'Function result: {"city":"New York","temperature":12,"unit":"celsius","sky":"light rain"}',
      "Assistant: In New York it is 12 degrees celsius with light rain.",
      "Response completed",
    ]);
  });

  it("wav-in-wav-out converts a 16 kHz question and writes the reply at the rate asked for", async () => {
    const out = join(outDir, "wav-16k.wav");
    const run = await runExample("wav-in-wav-out.ts", ["--in", join(FIXTURES, "question-16k.wav"), "--out", out, "--rate", "16000"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = lines(run);
    expect(output).toContain("In: question-16k.wav, 16000 Hz, 1 channel(s), 2.88 s");
    expect(output).toContain("You: What is the weather like in Seattle today?");
    expect(output).toContain("Assistant: Cloudy with light rain, about twelve degrees.");
    expect(output.some((l) => /^\[reply audio started: \S+\]$/.test(l))).toBe(true);

    const wav = parseWav(await readFile(out));
    expect(wav.format).toEqual({ sampleRate: 16000, channels: 1, sampleType: "pcm16" });
    // The simulator speaks 60 ms per character: 45 characters are 2.7 s of reply.
    expect(wav.durationMs).toBeCloseTo(2700, -1);
    expect(output).toContain(`Out: wav-16k.wav, 16000 Hz, 1 channel(s), ${(wav.durationMs / 1000).toFixed(2)} s`);
  });

  it("custom-source feeds its synthetic utterance through attachAudio and VAD ends the turn", async () => {
    const run = await runExample("custom-source.ts");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = lines(run);
    expect(output.some((l) => /^\[speech started at \d+ ms\]$/.test(l))).toBe(true);
    const stopped = Number(/^\[speech stopped at (\d+) ms\]$/m.exec(run.stdout)?.[1]);
    // 1.2 s of buzz then silence: the turn ends near 1.2 s, not at the end of the 2 s source.
    expect(stopped).toBeGreaterThan(1000);
    expect(stopped).toBeLessThanOrEqual(1300);
    const heard = /^Heard: (\(\d\.\d s of audio\))$/m.exec(run.stdout)?.[1];
    expect(heard).toBeDefined();
    expect(output).toContain(`Assistant: You said: ${heard}`);
    expect(output).toContain("Response completed");
  });

  it("telephony-g711 sends 20 ms μ-law frames and writes the μ-law reply it received", async () => {
    const out = join(outDir, "phone.wav");
    const run = await runExample("telephony-g711.ts", ["--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = lines(run);
    // 2884.7 ms of fixture at 8 kHz is 23078 samples: 145 frames of 160.
    expect(output).toContain("Caller: question-24k.wav as 145 μ-law frames of 20 ms (160 bytes each, 8 kHz)");
    expect(output).toContain("Formats: in g711_ulaw, out g711_ulaw");
    expect(output).toContain("Caller said: What is the weather like in Seattle today?");
    expect(output).toContain("Agent said: Cloudy with light rain, about twelve degrees.");

    const reply = /^Reply: (\d+) μ-law deltas, (\d+) bytes, (\d+\.\d+) s at 8 kHz$/m.exec(run.stdout);
    expect(reply).not.toBeNull();
    const wav = parseWav(await readFile(out));
    expect(wav.format).toEqual({ sampleRate: 8000, channels: 1, sampleType: "mulaw" });
    expect(wav.data.length).toBe(Number(reply![2]));
    expect(wav.durationMs).toBeCloseTo(2700, -1);
    expect(output).toContain(`Wrote phone.wav (G.711 μ-law, 8000 Hz, ${(await readFile(out)).length} bytes)`);
  });

  it("telephony-g711 --pcm writes the same reply decoded to PCM16", async () => {
    const out = join(outDir, "phone-pcm.wav");
    const run = await runExample("telephony-g711.ts", ["--out", out, "--pcm"]);
    expect(run.code).toBe(0);
    const bytes = Number(/^Reply: \d+ μ-law deltas, (\d+) bytes/m.exec(run.stdout)?.[1]);
    const wav = parseWav(await readFile(out));
    expect(wav.format).toEqual({ sampleRate: 8000, channels: 1, sampleType: "pcm16" });
    expect(wav.frameCount).toBe(bytes);
  });
});

describe("examples", () => {
  it("leave nothing in the repository root when given --out", async () => {
    // Runs after the concurrent suite above has finished writing.
    expect((await readdir(ROOT)).filter((name) => name.endsWith(".wav"))).toEqual([]);
  });
});
