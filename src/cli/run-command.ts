import { connect } from "../client/voice-live-client.js";
import { WavFileSink } from "../node/wav-file-sink.js";
import { WavFileSource } from "../node/wav-file-source.js";
import { CONVERSATION_FLAGS, CONVERSATION_USAGE, conversationOptions, parseFlags, UsageError } from "./conversation-options.js";
import type { CliIo } from "./io.js";

const USAGE = `Usage: voicelive run --in <question.wav> --out <reply.wav> [options]

Sends a recorded question, waits for the spoken reply and writes it to a WAV file,
printing both transcripts.

Options:
  --in <file>            The question, a WAV file (any rate; converted for you)
  --out <file>           Where to write the reply (24 kHz mono PCM16 WAV)
  --timeout <seconds>    Give up after this long (default 60)
${CONVERSATION_USAGE}
`;

/** `voicelive run`: one recorded question in, one spoken reply out. Returns the exit code. */
export async function runRunCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, { ...CONVERSATION_FLAGS, in: { type: "string" }, out: { type: "string" }, timeout: { type: "string" } });
  if (flags.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!flags.in) throw new UsageError("--in <question.wav> is required");
  if (!flags.out) throw new UsageError("--out <reply.wav> is required");
  const timeoutSeconds = flags.timeout === undefined ? 60 : Number(flags.timeout);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got "${flags.timeout}"`);
  const source = await WavFileSource.open(flags.in, { realtime: true });
  const options = await conversationOptions(flags, io.env);
  const session = await connect(options);
  const sink = new WavFileSink(flags.out, { format: { sampleRate: 24000, channels: 1 } });
  const pipeline = session.attachAudio({ source, sink });
  try {
    session.on("conversation.item.input_audio_transcription.completed", (e) => io.stdout.write(`you: ${e.transcript}\n`));
    session.on("response.audio_transcript.done", (e) => io.stdout.write(`assistant: ${e.transcript}\n`));
    const status = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new UsageError(`no reply within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
      session.once("response.done", (e) => {
        clearTimeout(timer);
        resolve(e.response.status ?? "done");
      });
      session.once("close", (e) => {
        clearTimeout(timer);
        reject(new Error(`the connection closed (code ${e.code})`));
      });
    });
    await pipeline.stop({ drain: true });
    io.stdout.write(`reply ${status}: ${flags.out}\n`);
    return status === "completed" ? 0 : 1;
  } finally {
    await pipeline.stop({ drain: false }).catch(() => {});
    await session.close();
  }
}
