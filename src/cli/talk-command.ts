import type { AudioSink, AudioSource } from "../audio/contracts.js";
import { connect } from "../client/voice-live-client.js";
import { CommandSink } from "../node/command-sink.js";
import { CommandSource } from "../node/command-source.js";
import { PLAYER_PRESETS, type PlayerPreset } from "../node/player-command.js";
import { RECORDER_PRESETS, type RecorderPreset } from "../node/recorder-command.js";
import { CONVERSATION_FLAGS, CONVERSATION_USAGE, conversationOptions, parseFlags, UsageError } from "./conversation-options.js";
import type { CliIo } from "./io.js";

const USAGE = `Usage: voicelive talk [options]

A live conversation: your microphone in, the assistant on your speaker, with a live
transcript and a speaking/listening indicator. Ctrl+C ends it. Interrupt the assistant by
speaking: playback stops and the reply is cut at what you heard.

Options:
  --recorder <preset>    ${RECORDER_PRESETS.join(", ")} (default sox)
  --player <preset>      ${PLAYER_PRESETS.join(", ")} (default sox)
${CONVERSATION_USAGE}
`;

/** Replaceable audio devices, for tests and embedding. */
export interface TalkDevices {
  createSource?(format: { sampleRate: number; channels: number }, recorder: RecorderPreset): AudioSource | Promise<AudioSource>;
  createSink?(format: { sampleRate: number; channels: number }, player: PlayerPreset): AudioSink;
}

const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
};

/** `voicelive talk`: microphone ⇄ speaker until Ctrl+C. Returns the exit code. */
export async function runTalkCommand(argv: readonly string[], io: CliIo, devices: TalkDevices = {}): Promise<number> {
  const flags = parseFlags(argv, { ...CONVERSATION_FLAGS, recorder: { type: "string" }, player: { type: "string" } });
  if (flags.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const recorder = oneOf("--recorder", flags.recorder, RECORDER_PRESETS, "sox");
  const player = oneOf("--player", flags.player, PLAYER_PRESETS, "sox");
  const options = await conversationOptions(flags, io.env);
  const format = { sampleRate: 24000, channels: 1 };
  const session = await connect(options);
  const source = (await devices.createSource?.(format, recorder)) ?? new CommandSource({ format, command: recorder });
  const sink = devices.createSink?.(format, player) ?? new CommandSink({ format, command: player });
  const pipeline = session.attachAudio({ source, sink });
  let line = "";
  const endLine = () => {
    if (line !== "") io.stdout.write("\n");
    line = "";
  };
  pipeline.on("listening", () => {
    endLine();
    io.stdout.write("● listening\n");
  });
  // Transcript deltas may come before the first audio: announce each item once, whichever is first.
  let announced: string | undefined;
  const announce = (itemId: string) => {
    if (announced === itemId) return;
    announced = itemId;
    endLine();
    io.stdout.write("◆ speaking\n");
  };
  pipeline.on("speaking", (e) => announce(e.itemId));
  pipeline.on("interrupted", (e) => {
    endLine();
    io.stdout.write(`✂ interrupted after ${Math.round(e.playedMs)} ms\n`);
  });
  pipeline.on("error", (error) => io.stderr.write(`voicelive: audio: ${(error as Error).message}\n`));
  session.on("conversation.item.input_audio_transcription.completed", (e) => {
    endLine();
    io.stdout.write(`you: ${e.transcript}\n`);
  });
  session.on("response.audio_transcript.delta", (e) => {
    announce(e.item_id);
    if (line === "") io.stdout.write("assistant: ");
    line += e.delta;
    io.stdout.write(e.delta);
  });
  session.on("error", (error) => io.stderr.write(`voicelive: ${error.code}: ${error.message}\n`));
  io.stdout.write(`Connected to ${session.url}. Speak; Ctrl+C to stop.\n`);
  const code = await new Promise<number>((resolve) => {
    io.signal?.addEventListener("abort", () => resolve(0), { once: true });
    session.once("close", (e) => resolve(e.code === 1000 ? 0 : 1));
  });
  endLine();
  await pipeline.stop({ drain: false }).catch(() => {});
  await session.close();
  return code;
}
