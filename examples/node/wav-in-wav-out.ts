/**
 * WAV in, WAV out: a question recorded in a WAV file goes to Voice Live through
 * `WavFileSource`, the spoken answer comes back into a WAV file through `WavFileSink`, and
 * `attachAudio()` does everything in between: it converts the file's rate and channels to
 * the session's input format, sends it, and converts each reply chunk to the sink's format.
 * Server VAD ends the turn at the silence after the question and starts the response.
 *
 *   npm run example:wav -- --in question.wav --out reply.wav      # the built-in simulator
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:wav -- --in question.wav --out reply.wav --model gpt-realtime
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 * Flags: --in <wav> (any PCM, float or G.711 WAV, any rate; default: the committed
 * test/fixtures/audio/question-24k.wav), --out <wav> (default reply.wav), --rate <hz> (the
 * reply file's sample rate, default 24000), --model <name> (default gpt-realtime),
 * --byom <profile> (then --model is your deployment), --voice <Azure voice name>.
 * The input should end with about a second of silence, or VAD never hears the turn end.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, parseWav, type VoiceLiveCredential } from "voicelive-client";
import { WavFileSink, WavFileSource } from "voicelive-client/node";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values: args } = parseArgs({
  options: {
    in: { type: "string", default: new URL("../../test/fixtures/audio/question-24k.wav", import.meta.url).pathname },
    out: { type: "string", default: "reply.wav" },
    rate: { type: "string", default: "24000" },
    model: { type: "string" },
    byom: { type: "string" },
    voice: { type: "string", default: "en-US-AvaNeural" },
  },
});

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  // The simulator cannot recognise speech; what it "hears" and answers is scripted.
  const sim =
    endpoint === undefined
      ? await VoiceLiveSimulator.start({
          pace: "fast",
          transcriber: () => "What is the weather like in Seattle today?",
          responder: () => ({ text: "Cloudy with light rain, about twelve degrees." }),
        })
      : undefined;
  try {
    if (sim !== undefined) {
      console.log(`No VOICELIVE_ENDPOINT: using the simulator at ${sim.endpoint}`);
      await convert(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await convert(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function convert(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  // Open the file before connecting, so a wrong path fails before any network I/O.
  // Azure hears it at speaking pace, like a microphone; the simulator times turns from sample counts.
  const source = await WavFileSource.open(args.in!, { realtime: !simulated });
  const sink = new WavFileSink(args.out!, { format: { sampleRate: Number(args.rate), channels: 1 } });
  console.log(`In: ${basename(args.in!)}, ${source.format.sampleRate} Hz, ${source.format.channels} channel(s), ${(source.durationMs / 1000).toFixed(2)} s`);

  const session = await connect({
    endpoint,
    credential,
    profile: args.byom,
    model: args.model ?? (args.byom === undefined ? "gpt-realtime" : undefined),
    session: {
      modalities: ["text", "audio"],
      voice: { type: "azure-standard", name: args.voice! },
      input_audio_transcription: { model: "azure-speech" },
      turn_detection: { type: "server_vad", silence_duration_ms: 500, create_response: true, interrupt_response: true },
    },
    allowInsecureConnection: simulated,
  }).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  console.log(`Connected: ${session.url}`);
  session.on("conversation.item.input_audio_transcription.completed", (e) => console.log(`You: ${e.transcript}`));
  session.on("response.audio_transcript.done", (e) => console.log(`Assistant: ${e.transcript}`));
  session.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));

  const pipeline = session.attachAudio({ source, sink });
  pipeline.on("speaking", ({ itemId }) => console.log(`[reply audio started: ${itemId}]`));
  pipeline.on("error", (error) => console.error("audio:", error));
  try {
    const done = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("No reply within 45 s.")), 45_000);
      session.once("response.done", (e) => {
        clearTimeout(timer);
        resolve(e.response.status ?? "done");
      });
    });
    console.log(`Response ${done}`);
    // Stopping with drain writes every reply chunk and finishes the WAV header.
    await pipeline.stop({ drain: true });
  } finally {
    await pipeline.stop({ drain: false });
    await session.close();
  }
  const written = parseWav(await readFile(args.out!));
  console.log(`Out: ${basename(args.out!)}, ${written.format.sampleRate} Hz, ${written.format.channels} channel(s), ${(written.durationMs / 1000).toFixed(2)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
