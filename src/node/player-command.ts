/**
 * Command lines for playing raw PCM16 from stdin with common audio tools.
 */
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { checkPresetArgs, soxRawArgs, type AudioCommand, type AudioCommandPresetOptions } from "./audio-command.js";

/** The players `CommandSink` knows how to drive. */
export const PLAYER_PRESETS = ["sox", "ffplay", "aplay"] as const;

/** One of `PLAYER_PRESETS`. */
export type PlayerPreset = (typeof PLAYER_PRESETS)[number];

/**
 * Returns the command line that plays raw PCM16 in `format` from stdin on the default (or
 * given) output device: `sox … - -d`, `ffplay` without a window, or ALSA's `aplay`.
 * Throws `RangeError` for an unknown preset, an invalid format or a `device` for ffplay,
 * `TypeError` for bad options.
 */
export function playerCommand(preset: PlayerPreset, format: PcmFormat, options: AudioCommandPresetOptions = {}): AudioCommand {
  checkPresetArgs(preset, PLAYER_PRESETS, format, options);
  const rate = String(format.sampleRate);
  const channels = String(format.channels);
  switch (preset) {
    case "sox":
      return {
        command: "sox",
        args: ["-q", ...soxRawArgs(format), "-", "-d"],
        ...(options.device === undefined ? {} : { env: { AUDIODEV: options.device } }),
      };
    case "ffplay":
      if (options.device !== undefined) {
        throw new RangeError('options.device is not supported by the ffplay preset (SDL picks the device); pass { command, args, env } instead.');
      }
      return {
        command: "ffplay",
        args: ["-hide_banner", "-loglevel", "error", "-nodisp", "-autoexit", "-f", "s16le", "-ar", rate, "-ac", channels, "-i", "-"],
      };
    case "aplay":
      return {
        command: "aplay",
        args: ["-q", ...(options.device === undefined ? [] : ["-D", options.device]), "-t", "raw", "-f", "S16_LE", "-r", rate, "-c", channels, "-"],
      };
  }
}
