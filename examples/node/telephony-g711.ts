/**
 * Telephony: a G.711 μ-law round trip at 8 kHz, as a phone gateway (a SIP trunk, Twilio or
 * Azure Communication Services media streaming) would run it. The session takes and speaks
 * `g711_ulaw`, so no audio is converted on the way: the caller's 20 ms μ-law frames
 * (160 bytes each) go out with `sendAudio()` and the reply's μ-law bytes arrive in
 * `response.audio.delta` (`event.audio`), ready to forward to the phone line.
 *
 * The "caller" is the committed fixture test/fixtures/audio/question-24k.wav, made into
 * phone audio with the toolkit: `PcmConverter` resamples it to 8 kHz and `encodeMuLaw`
 * encodes it. After the question the line carries μ-law silence until the reply is done,
 * as a real call does. The reply is written as a μ-law WAV (or PCM16 with --pcm).
 *
 *   npm run example:telephony                        # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:telephony -- --model gpt-realtime
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 * Flags: --in <wav> (the caller, any WAV), --out <wav> (default reply.wav), --pcm (write
 * PCM16 instead of μ-law), --model <name> (default gpt-realtime), --byom <profile> (then
 * --model is your deployment), --voice <Azure voice name>.
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import {
  connect,
  decodeMuLaw,
  decodeWavSamples,
  encodeMuLaw,
  float32ToInt16,
  parseWav,
  PcmConverter,
  writeWav,
  type VoiceLiveCredential,
} from "voicelive-client";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values: args } = parseArgs({
  options: {
    in: { type: "string", default: new URL("../../test/fixtures/audio/question-24k.wav", import.meta.url).pathname },
    out: { type: "string", default: "reply.wav" },
    pcm: { type: "boolean", default: false },
    model: { type: "string" },
    byom: { type: "string" },
    voice: { type: "string", default: "en-US-AvaNeural" },
  },
});

const FRAME_BYTES = 160; // 20 ms of 8 kHz μ-law: one byte per sample
const MULAW_SILENCE = 0xff; // the μ-law code of 0

/** The caller's speech as a phone line carries it: 8 kHz mono μ-law, in 20 ms frames. */
async function callerFrames(path: string): Promise<Uint8Array[]> {
  const wav = parseWav(await readFile(path));
  const pcm = float32ToInt16(decodeWavSamples(wav.data, wav.format.sampleType));
  const converter = new PcmConverter({ sampleRate: wav.format.sampleRate, channels: wav.format.channels }, { sampleRate: 8000, channels: 1 });
  const narrowband = converter.convert(pcm);
  const tail = converter.flush();
  const samples = new Int16Array(narrowband.length + tail.length);
  samples.set(narrowband);
  samples.set(tail, narrowband.length);
  const mulaw = encodeMuLaw(samples);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < mulaw.length; offset += FRAME_BYTES) {
    const frame = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
    frame.set(mulaw.subarray(offset, offset + FRAME_BYTES));
    frames.push(frame);
  }
  return frames;
}

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
      await call(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await call(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function call(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  const frames = await callerFrames(args.in!);
  console.log(`Caller: ${basename(args.in!)} as ${frames.length} μ-law frames of 20 ms (${FRAME_BYTES} bytes each, 8 kHz)`);

  const session = await connect({
    endpoint,
    credential,
    profile: args.byom,
    model: args.model ?? (args.byom === undefined ? "gpt-realtime" : undefined),
    session: {
      modalities: ["text", "audio"],
      input_audio_format: "g711_ulaw",
      output_audio_format: "g711_ulaw",
      voice: { type: "azure-standard", name: args.voice! },
      input_audio_transcription: { model: "azure-speech" },
      turn_detection: { type: "server_vad", silence_duration_ms: 500, create_response: true, interrupt_response: true },
    },
    allowInsecureConnection: simulated,
  });
  console.log(`Connected: ${session.url}`);
  console.log(`Formats: in ${session.session?.input_audio_format}, out ${session.session?.output_audio_format}`);
  session.on("conversation.item.input_audio_transcription.completed", (e) => console.log(`Caller said: ${e.transcript}`));
  session.on("response.audio_transcript.done", (e) => console.log(`Agent said: ${e.transcript}`));
  session.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));

  // The reply's bytes are μ-law already: a gateway forwards each delta to the line as is.
  const reply: Uint8Array[] = [];
  session.on("response.audio.delta", (e) => reply.push(e.audio));
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("No reply within 45 s.")), 45_000);
    session.once("response.done", (e) => {
      clearTimeout(timer);
      resolve(e.response.status ?? "done");
    });
  });
  let answered = false;
  void done.then(() => (answered = true), () => (answered = true));

  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
  const silence = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
  try {
    // A phone line delivers a frame every 20 ms; the simulator times turns from sample counts, so it needs no pacing.
    for (const frame of frames) {
      await session.sendAudio(frame);
      if (!simulated) await tick();
    }
    while (!answered) {
      await session.sendAudio(silence);
      await tick();
    }
    console.log(`Response ${await done}`);
  } finally {
    await session.close();
  }

  const mulaw = concat(reply);
  const file = args.pcm
    ? writeWav({ sampleRate: 8000, channels: 1, sampleType: "pcm16" }, decodeMuLaw(mulaw))
    : writeWav({ sampleRate: 8000, channels: 1, sampleType: "mulaw" }, mulaw);
  await writeFile(args.out!, file);
  console.log(`Reply: ${reply.length} μ-law deltas, ${mulaw.length} bytes, ${(mulaw.length / 8000).toFixed(2)} s at 8 kHz`);
  console.log(`Wrote ${basename(args.out!)} (${args.pcm ? "PCM16" : "G.711 μ-law"}, 8000 Hz, ${file.length} bytes)`);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
