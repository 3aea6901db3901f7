/**
 * A spoken conversation, end to end: a WAV file asks a question, Voice Live answers,
 * transcripts print as they stream and the spoken reply is written to a WAV file.
 *
 *   npm run demo                              # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<res>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run demo -- --model gpt-realtime
 *   npm run demo -- --byom byom-azure-openai-chat-completion --model <your-deployment>
 *
 * Without VOICELIVE_API_KEY the demo signs in with DefaultAzureCredential (az login).
 * Options: --in <question.wav> --out <reply.wav> --voice <name> --instructions <text>,
 * --mic (record from the default microphone with sox instead of --in),
 * --speaker (play through the default speaker with sox instead of --out).
 */
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type RequestSession } from "voicelive-client";
import { CommandSink, CommandSource, WavFileSink, WavFileSource } from "voicelive-client/node";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values } = parseArgs({
  options: {
    in: { type: "string", default: new URL("../../test/fixtures/audio/question-24k.wav", import.meta.url).pathname },
    out: { type: "string", default: "reply.wav" },
    byom: { type: "string" },
    model: { type: "string" },
    voice: { type: "string", default: "en-US-AvaNeural" },
    instructions: { type: "string", default: "You are a helpful assistant. Answer in one or two short sentences." },
    mic: { type: "boolean", default: false },
    speaker: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  let sim: VoiceLiveSimulator | undefined;
  let target: { endpoint: string; credential: ConstructorParameters<typeof AzureKeyCredential>[0] | undefined };
  if (endpoint === undefined) {
    // No Azure endpoint: a local simulator plays the service. It cannot understand speech,
    // so its transcript and answer are scripted; everything on the wire is the real protocol.
    sim = await VoiceLiveSimulator.start({
      pace: "realtime",
      transcriber: () => "What is the weather like in Seattle today?",
      responder: () => ({ text: "Expect clouds and a light drizzle in Seattle today, around twelve degrees." }),
    });
    target = { endpoint: sim.endpoint, credential: "simulator-key" };
    console.log(`No VOICELIVE_ENDPOINT set: using the local simulator at ${sim.endpoint}`);
  } else {
    target = { endpoint, credential: process.env.VOICELIVE_API_KEY };
  }

  const credential =
    target.credential !== undefined
      ? new AzureKeyCredential(target.credential)
      : new (await import("@azure/identity")).DefaultAzureCredential();
  const profile = values.byom;
  const session: RequestSession = {
    modalities: ["text", "audio"],
    instructions: values.instructions,
    voice: { type: "azure-standard", name: values.voice! },
    input_audio_transcription: { model: "azure-speech" },
    turn_detection: { type: "server_vad", create_response: true, interrupt_response: true, silence_duration_ms: 500 },
  };

  const conversation = await connect({
    endpoint: target.endpoint,
    credential,
    model: values.model ?? (profile ? undefined : "gpt-realtime"),
    profile,
    session,
    allowInsecureConnection: sim !== undefined,
  });
  console.log(`Connected: ${conversation.url}`);

  const format = { sampleRate: 24000, channels: 1 };
  const source = values.mic ? new CommandSource({ format, command: "sox" }) : await WavFileSource.open(values.in!, { realtime: true });
  const sink = values.speaker ? new CommandSink({ format, command: "sox" }) : new WavFileSink(values.out!, { format });
  const pipeline = conversation.attachAudio({ source, sink });
  pipeline.on("error", (error) => console.error("audio:", error));

  conversation.on("input_audio_buffer.speech_started", () => console.log("[listening]"));
  conversation.on("conversation.item.input_audio_transcription.completed", (e) => console.log(`You: ${e.transcript}`));
  let speaking = false;
  conversation.on("response.audio_transcript.delta", (e) => {
    if (!speaking) process.stdout.write("Assistant: ");
    speaking = true;
    process.stdout.write(e.delta);
  });
  conversation.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));

  const done = await new Promise<{ status?: string | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("No reply within 45 s.")), 45_000);
    conversation.once("response.done", (e) => {
      clearTimeout(timer);
      resolve(e.response);
    });
  });
  process.stdout.write("\n");
  await pipeline.stop({ drain: true });
  await conversation.close();
  await sim?.close();
  console.log(`Response ${done.status ?? "done"}${values.speaker ? "." : `; the reply audio is in ${values.out}.`}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
