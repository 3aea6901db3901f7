/**
 * Quickstart: the TypeScript twin of the official Voice Live Python quickstart. It connects
 * (optionally in BYOM mode), configures an Azure voice and voice activity detection, streams
 * a question from a WAV file or the microphone, prints what you said and what the assistant
 * answers, and writes the spoken reply to a WAV file or plays it.
 *
 *   npm run example:quickstart                       # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:quickstart -- --model gpt-realtime
 *   npm run example:quickstart -- --byom byom-azure-openai-chat-completion --model <your-deployment>
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 *
 * Flags, as in the Python quickstart: --byom <profile> --model <deployment or model>
 * --voice <name> (an Azure voice such as en-US-Ava:DragonHDLatestNeural, or an OpenAI voice
 * such as alloy, which chat-completion BYOM refuses) --instructions <text>. Audio: --in <wav>
 * (default: the committed test/fixtures/audio/question-24k.wav) or --mic (sox), and
 * --out <wav> (default reply.wav) or --speaker (sox).
 *
 * Against Azure the turn detection is azure_semantic_vad with server echo cancellation and
 * deep noise suppression; the simulator detects turns by signal energy, so it gets server_vad.
 */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type RequestSession, type VoiceLiveCredential } from "voicelive-client";
import { CommandSink, CommandSource, WavFileSink, WavFileSource } from "voicelive-client/node";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values: args } = parseArgs({
  options: {
    byom: { type: "string" },
    model: { type: "string" },
    voice: { type: "string", default: "en-US-Ava:DragonHDLatestNeural" },
    instructions: {
      type: "string",
      default: "You are a helpful AI assistant. Respond naturally and conversationally. Keep your responses concise.",
    },
    in: { type: "string", default: new URL("../../test/fixtures/audio/question-24k.wav", import.meta.url).pathname },
    out: { type: "string", default: "reply.wav" },
    mic: { type: "boolean", default: false },
    speaker: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  // The simulator cannot recognise speech: it hears the fixture's sentence by script.
  const sim =
    endpoint === undefined
      ? await VoiceLiveSimulator.start({
          pace: "fast",
          ...(!args.mic && { transcriber: () => "What is the weather like in Seattle today?" }),
          responder: ({ lastUserText }) => ({
            text: lastUserText?.includes("weather") ? "It is cloudy in Seattle, with light rain and about twelve degrees." : "Hello! How can I help?",
          }),
        })
      : undefined;
  try {
    if (sim !== undefined) {
      console.log(`No VOICELIVE_ENDPOINT: using the simulator at ${sim.endpoint}`);
      await talk(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await talk(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function talk(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  const voiceName = args.voice!;
  // Azure voice names look like en-US-AvaNeural; a bare name such as "alloy" is an OpenAI voice.
  const voice: RequestSession["voice"] = voiceName.includes("-") ? { type: "azure-standard", name: voiceName, temperature: 0.8 } : voiceName;
  const session: RequestSession = {
    modalities: ["text", "audio"],
    instructions: args.instructions,
    voice,
    input_audio_format: "pcm16",
    output_audio_format: "pcm16",
    input_audio_transcription: { model: "azure-speech" },
    turn_detection:
      !simulated
        ? { type: "azure_semantic_vad", threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true }
        : { type: "server_vad", threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true },
    ...(!simulated && {
      input_audio_echo_cancellation: { type: "server_echo_cancellation" },
      input_audio_noise_reduction: { type: "azure_deep_noise_suppression" },
    }),
  };

  // `profile` is the quickstart's --byom; in BYOM mode `model` is your deployment name.
  const conversation = await connect({
    endpoint,
    credential,
    profile: args.byom,
    model: args.model ?? (args.byom === undefined ? "gpt-realtime" : undefined),
    session,
    allowInsecureConnection: simulated,
  });
  const effective = conversation.session;
  const voiceShown = typeof effective?.voice === "object" ? effective.voice.name : String(effective?.voice);
  console.log(`Connected: ${conversation.url}`);
  console.log(`Session ready: voice ${voiceShown}, turn detection ${effective?.turn_detection?.type ?? "off"}`);

  const format = { sampleRate: 24000, channels: 1 };
  const source = args.mic
    ? new CommandSource({ format, command: "sox" })
    : // Azure hears the file at speaking pace, like a microphone; the simulator times turns from sample counts.
      await WavFileSource.open(args.in!, { realtime: !simulated });
  const sink = args.speaker ? new CommandSink({ format, command: "sox" }) : new WavFileSink(args.out!, { format });
  const pipeline = conversation.attachAudio({ source, sink });
  pipeline.on("error", (error) => console.error("audio:", error));
  console.log(args.mic ? "Listening on the microphone; press Ctrl+C to stop." : `Streaming ${basename(args.in!)}`);

  conversation.on("input_audio_buffer.speech_started", (e) => console.log(`[speech started at ${e.audio_start_ms} ms]`));
  conversation.on("input_audio_buffer.speech_stopped", (e) => console.log(`[speech stopped at ${e.audio_end_ms} ms]`));
  conversation.on("conversation.item.input_audio_transcription.completed", (e) => console.log(`You: ${e.transcript}`));
  conversation.on("response.audio_transcript.done", (e) => console.log(`Assistant: ${e.transcript}`));
  conversation.on("warning", (e) => console.warn(`warning: ${e.warning.message}`));
  conversation.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));
  let replyMs = 0;
  conversation.on("response.audio.delta", (e) => (replyMs += (e.audio.byteLength / 2 / 24000) * 1000));

  try {
    // A file asks one question; the microphone goes on until Ctrl+C.
    await new Promise<void>((resolve, reject) => {
      if (args.mic) {
        process.once("SIGINT", () => resolve());
        return;
      }
      const timer = setTimeout(() => reject(new Error("No reply within 45 s.")), 45_000);
      conversation.once("response.done", (e) => {
        clearTimeout(timer);
        console.log(`Response ${e.response.status ?? "done"}`);
        resolve();
      });
      conversation.once("close", (e) => reject(new Error(`The connection closed (code ${e.code}).`)));
    });
    await pipeline.stop({ drain: true });
  } finally {
    await pipeline.stop({ drain: false });
    await conversation.close();
  }
  console.log(`Reply: ${(replyMs / 1000).toFixed(1)} s of audio ${args.speaker ? "played" : `written to ${args.out}`}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
