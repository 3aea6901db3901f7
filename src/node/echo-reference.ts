/**
 * The Node convenience for a client echo reference: a recorder and a player process
 * (sox, ffmpeg, arecord / sox, ffplay, aplay, or any command) paired by `EchoReferenceSource`.
 */
import type { AudioSink } from "../audio/contracts.js";
import { EchoReferenceSource } from "../audio/echo-reference-source.js";
import { echoReferenceSessionConfig, type EchoReferenceSessionConfig } from "../audio/echo-session-config.js";
import type { PlaybackTap } from "../audio/echo-tapped-sink.js";
import { CommandSink, type CommandSinkOptions } from "./command-sink.js";
import { CommandSource, type CommandSourceOptions } from "./command-source.js";

/** Options for `createCommandEchoReference`. */
export interface CommandEchoReferenceOptions {
  /** The recorder: a `CommandSource`, or its options. @default a sox recorder at 24 kHz mono */
  readonly microphone?: CommandSource | Partial<CommandSourceOptions>;
  /** The player: a `CommandSink`, or its options. @default a sox player at 24 kHz mono */
  readonly speaker?: CommandSink | Partial<CommandSinkOptions>;
  /** See `EchoReferenceSourceOptions.referenceDelayMs`. @default 0 */
  readonly referenceDelayMs?: number;
}

/** What an echo reference needs: the stereo source, the sink to play on, and the session fields. */
export interface EchoReferenceKit {
  /** Stereo input (microphone, played reference): pass as `attachAudio({ source })`. */
  readonly source: EchoReferenceSource;
  /** The speaker, tapped: pass as `attachAudio({ sink })`, never the untapped one. */
  readonly sink: AudioSink & PlaybackTap;
  /** `echoReferenceSessionConfig()`: put it in the session before audio flows. */
  readonly session: EchoReferenceSessionConfig;
}

const DEFAULT_FORMAT = { sampleRate: 24000, channels: 1 } as const;

/**
 * Builds a microphone process and a player process and pairs them for a client echo
 * reference. The player's clock is its real-time `PlaybackTimeline`, so the reference is
 * aligned with what was written to the player's stdin; what the player and the sound card
 * buffer after that is device latency to measure and pass as `referenceDelayMs`.
 * Nothing is spawned until the pipeline starts the source and writes to the sink.
 * Throws what the `CommandSource` / `CommandSink` constructors throw for bad options.
 *
 * @example
 * const echo = createCommandEchoReference({ microphone: { command: "sox" }, speaker: { command: "sox" } });
 * await session.updateSession(echo.session);
 * const pipeline = session.attachAudio({ source: echo.source, sink: echo.sink });
 */
export function createCommandEchoReference(options: CommandEchoReferenceOptions = {}): EchoReferenceKit {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object.");
  const microphone =
    options.microphone instanceof CommandSource ? options.microphone : new CommandSource({ format: DEFAULT_FORMAT, ...options.microphone });
  const speaker = options.speaker instanceof CommandSink ? options.speaker : new CommandSink({ format: DEFAULT_FORMAT, ...options.speaker });
  const source = new EchoReferenceSource({
    microphone,
    sink: speaker,
    ...(options.referenceDelayMs === undefined ? {} : { referenceDelayMs: options.referenceDelayMs }),
  });
  return { source, sink: source.sink, session: echoReferenceSessionConfig() };
}
