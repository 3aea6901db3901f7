/**
 * Tracing with OpenTelemetry: every session becomes a `voicelive.session` span with
 * `voicelive.connect`, `voicelive.response` and `voicelive.interruption` spans under it,
 * printed by OpenTelemetry's ConsoleSpanExporter as each one ends. Against the built-in
 * simulator it shows a refused first connect attempt (HTTP 503, retried), a text answer,
 * and a spoken answer the "user" interrupts by talking over it.
 *
 *   npm run example:tracing     (your app: npm install @opentelemetry/api @opentelemetry/sdk-trace-base)
 *
 * The tracer option takes any tracer shaped like OpenTelemetry's; `fromOpenTelemetry(tracer,
 * { trace, context })` adapts a real one so child spans nest under the session span. Spans
 * carry ids, counts, durations and codes only: never the key, audio or what anyone said.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect } from "voicelive-client";
import { WavFileSink } from "voicelive-client/node";
import { VoiceLiveSimulator } from "voicelive-client/testing";
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { fromOpenTelemetry, traceAudioPipeline } from "voicelive-client";

/** 400 ms of a loud tone, then silence, as 24 kHz PCM16: the simulator's VAD hears the user speak. */
function interjection(): Uint8Array {
  const samples = new Int16Array(24000 * 0.8);
  for (let i = 0; i < 24000 * 0.4; i++) samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 24000));
  return new Uint8Array(samples.buffer);
}

async function main(): Promise<void> {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
  const tracer = fromOpenTelemetry(provider.getTracer("voicelive-example"), { trace, context });

  const sim = await VoiceLiveSimulator.start({
    pace: "fast",
    apiKeys: ["simulator-key"],
    responder: ({ lastUserText }) => ({
      text: lastUserText?.includes("story") ? "Once upon a time a lighthouse keeper counted every passing ship." : "Voice Live is a speech API.",
    }),
  });
  // The first handshake is refused, to show a failed attempt on the connect span.
  sim.faults.next({ refuse: { status: 503 } });
  const dir = await mkdtemp(join(tmpdir(), "voicelive-tracing-"));
  try {
    const session = await connect({
      endpoint: sim.endpoint,
      credential: new AzureKeyCredential("simulator-key"),
      model: "gpt-realtime",
      allowInsecureConnection: true,
      retryDelayMs: 50,
      tracer,
      session: {
        turn_detection: { type: "server_vad", create_response: false, interrupt_response: true, silence_duration_ms: 300 },
      },
    });
    console.log(`Connected: session ${session.state.status === "open" ? session.state.sessionId : "?"}`);

    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "What is Voice Live?" }] });
    const text = await session.createResponse({ modalities: ["text"] });
    console.log(`Text response ${text.status}`);

    const sink = new WavFileSink(join(dir, "reply.wav"), { format: { sampleRate: 24000, channels: 1 }, realtime: true });
    const pipeline = session.attachAudio({ sink });
    traceAudioPipeline(pipeline, session);
    const interrupted = new Promise<{ playedMs: number }>((resolve) => pipeline.once("interrupted", resolve));
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Tell me a story." }] });
    const spoken = session.createResponse();
    await new Promise((resolve) => pipeline.once("speaking", resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.sendAudio(interjection());
    console.log(`Interrupted after ${(await interrupted).playedMs} ms of the spoken response (${(await spoken).status})`);

    await pipeline.stop({ drain: false });
    await session.close();
  } finally {
    await provider.shutdown();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
