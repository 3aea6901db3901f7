/**
 * The browser example end to end: examples/browser (index.html + app.ts, bundled as the
 * example server bundles it, under the same CSP) in Chromium with the fake microphone
 * looping the spoken question, `createVoiceLiveRelay` on /voice, and a VoiceLiveSimulator
 * at real-time pace behind it. Nothing leaves 127.0.0.1.
 *
 * The conversation: the test clicks Talk. Utterance 1 gets a ~3 s reply; the fake mic loops,
 * so utterance 2 starts ~0.6 s into that reply and barges in. When the simulator reports
 * the end of utterance 2 the test clicks Mute, so reply 2 plays to its end undisturbed.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzureKeyCredential } from "@azure/core-auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExamplePage, servePage } from "../../examples/browser/page-assets.js";
import type { ExampleDebugView, ExampleLogEntry } from "../../examples/browser/app.js";
import { WORKLET_MODULE_SOURCE } from "../../src/browser/index.js";
import { createVoiceLiveRelay, type VoiceLiveRelay } from "../../src/node/index.js";
import { VoiceLiveSimulator, type SimulatorFrame } from "../../src/testing/index.js";
import { launchChromium, QUESTION_WAV, skipBrowserTests, type TestBrowser } from "./chromium.js";
import { alignWithLoop, readMonoWav } from "./e2e/audio-alignment.js";
import { pcm16Samples, receivedAppends, sentAudioMs, wireEvents, type WireEvent } from "./e2e/sim-wire.js";

const TRANSCRIPT = "What is the weather like in Seattle today?";
// 53 characters at 60 ms each: 3180 ms of synthetic speech.
const REPLY = "Seattle stays cloudy today, with a light drizzle too.";
const MS_PER_CHARACTER = 60;
const SESSION_RATE = 24000;
// test/fixtures/audio/README.md: 300 ms of silence, the sentence, 800 ms of silence; the
// sentence's first and last samples above 0.1 % of full scale are at 300.0 and 2084.7 ms.
const FIXTURE_SPEECH = { startMs: 300, endMs: 2084.7 } as const;

interface Conversation {
  readonly log: readonly ExampleLogEntry[];
  readonly frames: readonly SimulatorFrame[];
  readonly sessionConfig: Readonly<Record<string, unknown>>;
  /** `window.__voicelive.playedMs()` for each assistant item, read after the conversation. */
  readonly playedMs: Readonly<Record<string, number>>;
  readonly contextSampleRate: number | undefined;
  readonly domUser: readonly string[];
  readonly domAssistant: readonly { readonly text: string; readonly interrupted: boolean }[];
  readonly screenshot: string;
  /** `Date.now()` just before the test clicked Mute (the simulator's frames carry the same clock). */
  readonly mutedAt: number;
}

const entries = (log: readonly ExampleLogEntry[], type: string): ExampleLogEntry[] => log.filter((entry) => entry.type === type);

function readLog(page: Page): Promise<ExampleLogEntry[]> {
  return page.evaluate(() => [...(window as unknown as { __voicelive: ExampleDebugView }).__voicelive.log]);
}

/** Polls the page's log from here: the page's CSP forbids the eval `waitForFunction` needs for arguments. */
async function waitForLog(page: Page, done: (log: readonly ExampleLogEntry[]) => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readLog(page);
    if (done(log)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; the page logged: ${log.map((e) => e.type).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(skipBrowserTests())("the browser example through the relay, in Chromium with a fake microphone", () => {
  let sim: VoiceLiveSimulator | undefined;
  let server: Server | undefined;
  let relay: VoiceLiveRelay | undefined;
  let browser: TestBrowser | undefined;
  let conversation: Conversation;

  beforeAll(async () => {
    let responses = 0;
    sim = await VoiceLiveSimulator.start({
      pace: "realtime",
      msPerCharacter: MS_PER_CHARACTER,
      transcriber: () => TRANSCRIPT,
      responder: () => {
        responses++;
        return { text: REPLY };
      },
    });
    const assets = await buildExamplePage(WORKLET_MODULE_SOURCE);
    server = createServer(servePage(assets));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    relay = createVoiceLiveRelay({
      endpoint: sim.endpoint,
      credential: new AzureKeyCredential("e2e-key"),
      model: "gpt-realtime",
      allowInsecureConnection: true,
      session: { input_audio_transcription: { model: "azure-speech" } },
      allowedOrigins: [origin],
      authorize: (request) => request.socket.remoteAddress === "127.0.0.1",
    });
    relay.attach(server, { path: "/voice" });

    browser = await launchChromium({ fakeMicrophoneWav: QUESTION_WAV });
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.click("#talk");
    await waitForLog(page, (log) => entries(log, "connected").length > 0 || entries(log, "error").length > 0, "the call to connect", 10_000);
    // Utterance 2 has ended (and barged in on reply 1): mute before utterance 3 starts 600 ms later.
    await waitForLog(page, (log) => entries(log, "input_audio_buffer.speech_stopped").length >= 2, "the end of utterance 2", 15_000);
    const mutedAt = Date.now();
    await page.click("#talk");
    await waitForLog(
      page,
      (log) => {
        const reply2 = entries(log, "speaking")[1];
        return reply2 !== undefined && entries(log, "playback.finished").some((e) => e["itemId"] === reply2["itemId"]);
      },
      "reply 2 to finish playing",
      10_000,
    );
    const log = await readLog(page);
    const itemIds = [...new Set(entries(log, "speaking").map((entry) => String(entry["itemId"])))];
    const view = await page.evaluate(
      (ids) => {
        const debug = (window as unknown as { __voicelive: ExampleDebugView }).__voicelive;
        return { playedMs: Object.fromEntries(ids.map((id) => [id, debug.playedMs(id)])), contextSampleRate: debug.contextSampleRate };
      },
      itemIds,
    );
    const screenshot = join(tmpdir(), `voicelive-e2e-relay-${Date.now()}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.info(`[e2e relay] screenshot: ${screenshot}`);
    conversation = {
      log,
      frames: [...sim.frames],
      sessionConfig: sim.sessions[0]!.config as unknown as Record<string, unknown>,
      playedMs: view.playedMs,
      contextSampleRate: view.contextSampleRate,
      domUser: await page.locator("#transcript li.user").evaluateAll((lines) => lines.map((line) => line.lastChild?.textContent ?? "")),
      domAssistant: await page
        .locator("#transcript li.assistant")
        .evaluateAll((lines) => lines.map((line) => ({ text: line.lastChild?.textContent ?? "", interrupted: line.classList.contains("interrupted") }))),
      screenshot,
      mutedAt,
    };
    expect(responses).toBeGreaterThanOrEqual(2);
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server?.listening === true ? server.close(() => resolve()) : resolve()));
    await sim?.close();
  });

  it("sends the microphone to the simulator as 24 kHz PCM16 in real time", () => {
    const { frames, sessionConfig } = conversation;
    expect(sessionConfig).toMatchObject({ input_audio_format: "pcm16", input_audio_sampling_rate: SESSION_RATE });
    const appends = receivedAppends(frames);
    const sizes = new Map<number, number>();
    for (const append of appends) sizes.set(append.bytes.byteLength, (sizes.get(append.bytes.byteLength) ?? 0) + 1);
    // Arrival rate over the continuous capture: from 1 s after the first append (the audio
    // queued while connecting arrives in a burst) to the click on Mute.
    const window = appends.filter((a) => a.timestamp > appends[0]!.timestamp + 1000 && a.timestamp <= conversation.mutedAt);
    const samples = window.slice(1).reduce((n, a) => n + a.bytes.byteLength / 2, 0);
    const rate = (samples / (window.at(-1)!.timestamp - window[0]!.timestamp)) * 1000;
    console.info(
      `[e2e relay] ${appends.length} appends, sizes ${[...sizes].map(([size, n]) => `${size} B × ${n}`).join(", ")}; ` +
        `arrival rate ${rate.toFixed(0)} samples/s over ${window.at(-1)!.timestamp - window[0]!.timestamp} ms; context ${conversation.contextSampleRate} Hz`,
    );
    // 20 ms chunks of 24 kHz mono PCM16 are 960 bytes.
    expect([...sizes.keys()]).toEqual([960]);
    expect(Math.abs(rate - SESSION_RATE) / SESSION_RATE).toBeLessThan(0.03);
  });

  it("fires VAD at the fixture's speech boundaries, shifted by where the capture began in the loop", () => {
    const { frames, sessionConfig } = conversation;
    const detection = sessionConfig["turn_detection"] as { prefix_padding_ms: number };
    const prefixMs = detection.prefix_padding_ms;
    const started = wireEvents(frames, "sent", "input_audio_buffer.speech_started");
    const stopped = wireEvents(frames, "sent", "input_audio_buffer.speech_stopped");
    // Chromium loops the WAV from the moment the page opened the device, and the worklet
    // starts capturing some time later, so session time 0 is some file time `offset`, not
    // the file's start. The offset comes from matching the loudness envelope of what the
    // simulator received (up to the end of utterance 2, all continuous capture) against
    // the fixture's; it does not use the simulator's VAD. The file's speech [300, 2084.7] ms
    // then sits at [300 - offset + k·period, 2084.7 - offset + k·period] ms of session audio.
    const fixture = readMonoWav(QUESTION_WAV);
    const periodMs = (fixture.samples.length * 1000) / fixture.sampleRate;
    const endOfTurn2 = Number(stopped[1]!["audio_end_ms"]) + 300;
    const captured = pcm16Samples(receivedAppends(frames).map((a) => a.bytes)).subarray(0, (endOfTurn2 * SESSION_RATE) / 1000);
    const alignment = alignWithLoop({ sampleRate: SESSION_RATE, samples: captured }, fixture);
    const firstLoop = FIXTURE_SPEECH.endMs - alignment.fileOffsetMs > 0 ? 0 : 1;
    const expected = [0, 1].map((turn) => {
      const shift = (firstLoop + turn) * periodMs - alignment.fileOffsetMs;
      // The start is reported prefix_padding_ms before the onset, but never before 0: a
      // capture that began inside the utterance starts its turn at 0.
      return { startMs: Math.max(0, FIXTURE_SPEECH.startMs + shift - prefixMs), endMs: FIXTURE_SPEECH.endMs + shift };
    });
    const measured = [0, 1].map((turn) => ({ startMs: Number(started[turn]!["audio_start_ms"]), endMs: Number(stopped[turn]!["audio_end_ms"]) }));
    console.info(
      `[e2e relay] capture began at file ${alignment.fileOffsetMs} ms (envelope correlation ${alignment.correlation.toFixed(3)}, next best ${alignment.runnerUp.toFixed(3)}); ` +
        `prefix ${prefixMs} ms; VAD ${JSON.stringify(measured)} vs expected ${JSON.stringify(expected.map((e) => ({ startMs: Math.round(e.startMs), endMs: Math.round(e.endMs) })))}`,
    );
    expect(alignment.correlation).toBeGreaterThan(0.8);
    expect(alignment.correlation - alignment.runnerUp).toBeGreaterThan(0.1);
    for (const turn of [0, 1]) {
      expect(Math.abs(measured[turn]!.startMs - expected[turn]!.startMs)).toBeLessThanOrEqual(100);
      expect(Math.abs(measured[turn]!.endMs - expected[turn]!.endMs)).toBeLessThanOrEqual(100);
    }
    // The same utterance one loop later is one file length later in session audio: the
    // audio reached the simulator at the session rate, with nothing lost or duplicated.
    expect(Math.abs(measured[1]!.endMs - measured[0]!.endMs - periodMs)).toBeLessThanOrEqual(30);
  });

  it("shows the user's transcript and the assistant's words on the page", () => {
    const { log, domUser, domAssistant } = conversation;
    expect(entries(log, "conversation.item.input_audio_transcription.completed").slice(0, 2).map((e) => e["transcript"])).toEqual([TRANSCRIPT, TRANSCRIPT]);
    const done = entries(log, "response.audio_transcript.done");
    expect(done.length).toBeGreaterThanOrEqual(2);
    // Reply 1 was cut short, so its transcript is a beginning of the reply; reply 2 is whole.
    expect(REPLY.startsWith(String(done[0]!["transcript"]))).toBe(true);
    expect(done[1]!["transcript"]).toBe(REPLY);
    expect(domUser.slice(0, 2)).toEqual([TRANSCRIPT, TRANSCRIPT]);
    expect(domAssistant.slice(0, 2)).toEqual([
      { text: String(done[0]!["transcript"]), interrupted: true },
      { text: REPLY, interrupted: false },
    ]);
  });

  it("plays an uninterrupted reply for its whole length, in real time", () => {
    const { log, frames, playedMs } = conversation;
    const speaking = entries(log, "speaking")[1]!;
    const itemId = String(speaking["itemId"]);
    const lengthMs = sentAudioMs(frames, itemId, SESSION_RATE);
    const finished = entries(log, "playback.finished").find((e) => e["itemId"] === itemId)!;
    const wallMs = finished.atMs - speaking.atMs;
    console.info(
      `[e2e relay] reply 2 (${itemId}): ${lengthMs.toFixed(1)} ms sent, SpeakerSink played ${playedMs[itemId]!.toFixed(1)} ms, ` +
        `first audio to end of playback ${wallMs.toFixed(0)} ms of wall time`,
    );
    expect(lengthMs).toBeCloseTo(REPLY.length * MS_PER_CHARACTER, 6);
    expect(entries(log, "interrupted").some((e) => e["itemId"] === itemId)).toBe(false);
    expect(Math.abs(playedMs[itemId]! - lengthMs)).toBeLessThanOrEqual(150);
    expect(Math.abs(Number(finished["playedMs"]) - lengthMs)).toBeLessThanOrEqual(150);
    // Playback cannot end before the audio's length has passed since its first chunk arrived;
    // the jitter buffer (60 ms), the message hops and the 20 ms poll add a little on top.
    expect(wallMs).toBeGreaterThanOrEqual(lengthMs - 20);
    expect(wallMs).toBeLessThanOrEqual(lengthMs + 400);
  });

  it("clears playback when the user barges in and truncates the item at the played position the page reported", () => {
    const { log, frames, playedMs } = conversation;
    const interrupted = entries(log, "interrupted");
    expect(interrupted).toHaveLength(1);
    const cut = interrupted[0]!;
    const itemId = String(cut["itemId"]);
    expect(itemId).toBe(entries(log, "speaking")[0]!["itemId"]);
    const truncates = wireEvents(frames, "received", "conversation.item.truncate");
    expect(truncates).toHaveLength(1);
    const truncate: WireEvent = truncates[0]!;
    const fullMs = REPLY.length * MS_PER_CHARACTER;
    const sentMs = sentAudioMs(frames, itemId, SESSION_RATE);
    const cleared = entries(log, "playback.finished").find((e) => e["itemId"] === itemId)!;
    console.info(
      `[e2e relay] barge-in on ${itemId}: page played ${String(cut["playedMs"])} ms (lost ${Number(cut["truncatedMs"]).toFixed(1)} ms), ` +
        `truncate audio_end_ms ${String(truncate["audio_end_ms"])}, simulator had sent ${sentMs.toFixed(0)} of ${fullMs} ms; ` +
        `playback stopped ${(cleared.atMs - cut.atMs).toFixed(1)} ms after the interruption`,
    );
    expect(truncate).toMatchObject({ item_id: itemId, content_index: 0 });
    expect(Math.abs(Number(truncate["audio_end_ms"]) - Number(cut["playedMs"]))).toBeLessThanOrEqual(1);
    expect(Number(truncate["audio_end_ms"])).toBeGreaterThan(0);
    expect(Number(truncate["audio_end_ms"])).toBeLessThan(fullMs);
    // The simulator accepted the cut and had cancelled the response at speech_started.
    expect(wireEvents(frames, "sent", "conversation.item.truncated")).toEqual([
      expect.objectContaining({ item_id: itemId, audio_end_ms: truncate["audio_end_ms"] }),
    ]);
    const firstDone = wireEvents(frames, "sent", "response.done")[0]!;
    expect(firstDone["response"]).toMatchObject({ status: "cancelled", status_details: { reason: "turn_detected" } });
    // The sink stopped at once (the page polls every 20 ms) and its clock stayed where it was cut.
    expect(cleared.atMs - cut.atMs).toBeLessThan(100);
    expect(Math.floor(playedMs[itemId]!)).toBe(Number(cut["playedMs"]));
  });

  it("reports no page errors", () => {
    expect(entries(conversation.log, "error")).toEqual([]);
    expect(browser!.errors).toEqual([]);
  });
});
