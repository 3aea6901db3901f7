/**
 * A custom audio source: `SyntheticSpeechSource` below implements the `AudioSource` contract
 * in about 20 lines and feeds `attachAudio()` like a microphone would. It synthesizes 1.2 s
 * of a voice-like buzz (a 140 Hz tone with harmonics, pulsed at four "syllables" a second)
 * and then 0.8 s of silence, so server VAD hears one utterance and ends the turn.
 *
 * The contract (docs/audio.md): an async iterable of PCM16 little-endian chunks in `format`;
 * `start()` begins, `stop()` pauses (iteration waits), `close()` ends iteration, all three
 * idempotent; the source may also end by itself, as this one does. The pipeline converts
 * `format` (16 kHz here) to the session's input rate.
 *
 *   npm run example:custom-source                    # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:custom-source -- --model gpt-realtime
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 * Flags: --model <name> (default gpt-realtime). The simulator transcribes audio as its
 * length ("(2.0 s of audio)") and echoes it; Azure hears a buzz, not words, so expect an
 * empty or odd transcript there: the point is the source, not the conversation.
 */
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type AudioSource, type VoiceLiveCredential } from "voicelive-client";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values: args } = parseArgs({ options: { model: { type: "string", default: "gpt-realtime" } } });

/** One sample of the synthetic voice at `t` seconds: 1.2 s of pulsed buzz, then silence. */
const voiceAt = (t: number): number =>
  t < 1.2 ? 20000 * (0.25 + 0.2 * Math.sin(2 * Math.PI * 4 * t)) * (Math.sin(2 * Math.PI * 140 * t) + 0.5 * Math.sin(2 * Math.PI * 280 * t)) : 0;

/** Two seconds of synthetic "speech", in 20 ms chunks paced like a microphone. */
class SyntheticSpeechSource implements AudioSource {
  readonly format = { sampleRate: 16000, channels: 1 };
  #state: "idle" | "running" | "paused" | "closed" = "idle";
  #wake = (): void => {};
  async start(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "running";
    this.#wake();
  }
  async stop(): Promise<void> {
    if (this.#state === "running") this.#state = "paused";
  }
  async close(): Promise<void> {
    this.#state = "closed";
    this.#wake();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const size = this.format.sampleRate / 50;
    for (let offset = 0; offset < 2 * this.format.sampleRate; offset += size) {
      while (this.#state !== "running") {
        if (this.#state === "closed") return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
      yield new Uint8Array(Int16Array.from({ length: size }, (_, i) => voiceAt((offset + i) / this.format.sampleRate)).buffer);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  const sim = endpoint === undefined ? await VoiceLiveSimulator.start({ pace: "fast" }) : undefined;
  try {
    if (sim !== undefined) {
      console.log(`No VOICELIVE_ENDPOINT: using the simulator at ${sim.endpoint}`);
      await run(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await run(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function run(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  const session = await connect({
    endpoint,
    credential,
    model: args.model,
    session: {
      modalities: ["text"],
      input_audio_transcription: { model: "azure-speech" },
      turn_detection: { type: "server_vad", silence_duration_ms: 500, create_response: true, interrupt_response: true },
    },
    allowInsecureConnection: simulated,
  });
  console.log(`Connected: ${session.url}`);
  session.on("input_audio_buffer.speech_started", (e) => console.log(`[speech started at ${e.audio_start_ms} ms]`));
  session.on("input_audio_buffer.speech_stopped", (e) => console.log(`[speech stopped at ${e.audio_end_ms} ms]`));
  session.on("conversation.item.input_audio_transcription.completed", (e) => console.log(`Heard: ${e.transcript}`));
  session.on("response.text.done", (e) => console.log(`Assistant: ${e.text}`));
  session.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));

  // No sink: the replies are text. A source alone, a sink alone, or both can be attached.
  const pipeline = session.attachAudio({ source: new SyntheticSpeechSource() });
  pipeline.on("error", (error) => console.error("audio:", error));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("No reply within 30 s.")), 30_000);
      session.once("response.done", (e) => {
        clearTimeout(timer);
        console.log(`Response ${e.response.status ?? "done"}`);
        resolve();
      });
    });
  } finally {
    // stop() closes the source, which ends its iteration.
    await pipeline.stop();
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
