import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRACING_ATTRIBUTES as A, TRACING_EVENT_NAMES as E, TRACING_SPAN_NAMES as N } from "../../../src/client/tracing.js";
import { traceAudioPipeline } from "../../../src/client/tracing-audio.js";
import type { ConnectOptions, RealtimeResponse } from "../../../src/index.js";
import { MemorySink } from "../../helpers/memory-audio.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { MemoryTracer } from "./memory-tracer.js";

const KEY = "vl-SECRET-key-for-tracing-0123456789abcdef";
const h = new SimHarness();
afterEach(() => h.stop());

/** The harness's connect with `tracer`, which `ConnectOptions` will hold once it moves into connect-options.ts. */
const connectTraced = (options: Partial<ConnectOptions>) => h.connect(options);

/** What the scripted model answers to each user turn; none of it may reach a span. */
const REPLIES: Readonly<Record<string, string>> = {
  "What is the capital of France?": "Paris is the capital of France, on the Seine.",
  "Spell the word cat, please.": "C, A, T spells cat.",
  "Tell me a long story about lighthouses.": "This answer is long enough to be interrupted now.",
};
const [FIRST, SECOND, THIRD] = Object.keys(REPLIES) as [string, string, string];

/** Loud 440 Hz for `speechMs`, then silence, as 24 kHz PCM16: what the simulator's VAD hears as speech. */
function utterance(speechMs: number, silenceMs: number): Uint8Array {
  const speech = (24000 * speechMs) / 1000;
  const samples = new Int16Array(speech + (24000 * silenceMs) / 1000);
  for (let i = 0; i < speech; i++) samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 24000));
  return new Uint8Array(samples.buffer);
}

describe("tracing one conversation against the simulator", () => {
  it("produces the session span tree with connect, response and interruption spans and their key attributes", async () => {
    await h.start({ apiKeys: [KEY], responder: ({ lastUserText }) => ({ text: REPLIES[lastUserText ?? ""] ?? "Sorry?" }) });
    h.sim.faults.next({ refuse: { status: 503 } });
    const tracer = new MemoryTracer();
    const session = await connectTraced({
      credential: new AzureKeyCredential(KEY),
      tracer,
      session: {
        turn_detection: { type: "server_vad", create_response: false, interrupt_response: true, auto_truncate: false, silence_duration_ms: 300 },
      },
    });
    const sessionId = session.state.status === "open" ? session.state.sessionId : "";
    // Everything that must stay out of the spans: audio as sent on the wire, and every word.
    const audio: string[] = [];
    const words: string[] = [FIRST, SECOND, THIRD, ...Object.values(REPLIES)];
    session.on("response.audio.delta", (e) => audio.push(e.delta));
    session.on("response.audio_transcript.done", (e) => words.push(e.transcript));
    session.on("response.text.done", (e) => words.push(e.text));

    const ask = async (text: string, modalities?: ["text"]): Promise<RealtimeResponse> => {
      await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text }] });
      return session.createResponse(modalities && { modalities });
    };
    const textOne = await ask(FIRST, ["text"]);
    const textTwo = await ask(SECOND, ["text"]);

    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => performance.now());
    const pipeline = session.attachAudio({ sink });
    traceAudioPipeline(pipeline, session);
    const interrupted = new Promise<{ itemId: string; playedMs: number; truncatedMs: number }>((r) => pipeline.once("interrupted", r));
    const spoken = ask(THIRD);
    await vi.waitFor(() => expect(sink.playing).toBe(true));
    await new Promise((r) => setTimeout(r, 400));
    await session.sendAudio(utterance(400, 400));
    const cut = await interrupted;
    const audioResponse = await spoken;
    await pipeline.stop({ drain: false });
    await session.close();

    expect(tracer.tree()).toEqual([
      {
        name: N.session,
        children: [
          { name: N.connect, children: [] },
          { name: N.response, children: [] },
          { name: N.response, children: [] },
          { name: N.response, children: [] },
          { name: N.interruption, children: [] },
        ],
      },
    ]);
    expect(tracer.spans.every((s) => s.ended)).toBe(true);
    expect(tracer.spans.every((s) => s.status === undefined)).toBe(true);

    const [root] = tracer.named(N.session);
    expect(root!.context).toBeUndefined();
    expect(root!.attributes).toEqual({
      [A.serverAddress]: "127.0.0.1",
      [A.apiVersion]: "2025-10-01",
      [A.model]: "gpt-realtime",
      [A.sessionId]: sessionId,
      [A.closeCode]: 1000,
      [A.closeClean]: true,
      [A.reconnects]: 0,
    });
    expect(sessionId).toMatch(/^sess_/);

    const [connectSpan] = tracer.named(N.connect);
    expect(connectSpan!.attributes).toEqual({
      [A.serverAddress]: "127.0.0.1",
      [A.apiVersion]: "2025-10-01",
      [A.model]: "gpt-realtime",
      [A.sessionId]: sessionId,
      [A.connectAttempts]: 2,
      [A.httpStatus]: 101,
    });
    expect(connectSpan!.events).toEqual([
      {
        name: E.attemptFailed,
        attributes: { [A.attempt]: 1, [A.errorType]: "handshake_rejected", [A.httpStatus]: 503, [A.retryDelayMs]: expect.any(Number) },
      },
    ]);

    const responses = tracer.named(N.response);
    [textOne, textTwo, audioResponse].forEach((response, i) => {
      const span = responses[i]!;
      expect(span.attributes).toMatchObject({
        [A.responseId]: response.id,
        [A.responseStatus]: "completed",
        [A.inputTokens]: response.usage!.input_tokens,
        [A.outputTokens]: response.usage!.output_tokens,
        [A.totalTokens]: response.usage!.total_tokens,
        [A.responseDurationMs]: expect.any(Number),
      });
      expect(span.attributes[A.responseDurationMs]).toBeGreaterThanOrEqual(0);
    });
    expect(responses[0]!.attributes).not.toHaveProperty(A.firstAudioLatencyMs);
    expect(responses[1]!.attributes).not.toHaveProperty(A.firstAudioLatencyMs);
    const latency = responses[2]!.attributes[A.firstAudioLatencyMs] as number;
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThanOrEqual(responses[2]!.attributes[A.responseDurationMs] as number);

    const [interruption] = tracer.named(N.interruption);
    expect(interruption!.attributes).toEqual({
      [A.itemId]: cut.itemId,
      [A.playedMs]: cut.playedMs,
      [A.truncatedMs]: Math.round(cut.truncatedMs),
      [A.responseId]: audioResponse.id,
    });
    expect(cut.truncatedMs).toBeGreaterThan(0);

    // Nothing a span holds may carry the key, audio or any word of the conversation.
    expect(audio.length).toBeGreaterThan(10);
    const strings = tracer.strings();
    const leaks = strings.filter(
      (value) => value.includes(KEY) || audio.some((delta) => value.includes(delta.slice(0, 24))) || words.some((w) => value.includes(w)),
    );
    expect(leaks).toEqual([]);
    expect(JSON.stringify(tracer.spans.map(({ parent: _parent, ...rest }) => rest))).not.toContain(KEY);
  });
});
