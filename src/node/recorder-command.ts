/**
 * Command lines for recording raw PCM16 to stdout with common audio tools.
 */
import { bytesFor, type PcmFormat } from "../audio/pcm/pcm-format.js";
import { checkPresetArgs, soxRawArgs, type AudioCommand, type AudioCommandPresetOptions } from "./audio-command.js";

/** The recorders `CommandSource` knows how to drive. */
export const RECORDER_PRESETS = ["sox", "ffmpeg", "arecord"] as const;

/** One of `RECORDER_PRESETS`. */
export type RecorderPreset = (typeof RECORDER_PRESETS)[number];

// ffmpeg's capture driver and default input per platform; Windows has no default device name.
const FFMPEG_INPUTS: Partial<Record<NodeJS.Platform, { readonly driver: string; readonly input?: string }>> = {
  linux: { driver: "alsa", input: "default" },
  darwin: { driver: "avfoundation", input: ":0" },
  win32: { driver: "dshow" },
};

/**
 * Returns the command line that records the default (or given) input device as raw PCM16
 * in `format` on stdout: `sox -d`, `ffmpeg` with the platform's capture driver, or ALSA's
 * `arecord`. Throws `RangeError` for an unknown preset, an invalid format or a platform the
 * preset cannot serve without a `device` (ffmpeg on Windows), `TypeError` for bad options.
 */
export function recorderCommand(preset: RecorderPreset, format: PcmFormat, options: AudioCommandPresetOptions = {}): AudioCommand {
  checkPresetArgs(preset, RECORDER_PRESETS, format, options);
  const rate = String(format.sampleRate);
  const channels = String(format.channels);
  switch (preset) {
    case "sox":
      return {
        command: "sox",
        // A 20 ms buffer: sox's default 8 KiB would hold back ~170 ms of 24 kHz mono.
        args: ["-q", "--buffer", String(bytesFor(20, format)), "-d", ...soxRawArgs(format), "-"],
        ...(options.device === undefined ? {} : { env: { AUDIODEV: options.device } }),
      };
    case "ffmpeg": {
      const platform = options.platform ?? process.platform;
      const known = FFMPEG_INPUTS[platform];
      const input = options.device ?? known?.input;
      if (known === undefined || input === undefined) {
        throw new RangeError(`The ffmpeg recorder preset needs options.device on ${platform} (e.g. "audio=Microphone (USB)" for dshow).`);
      }
      return {
        command: "ffmpeg",
        args: ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", known.driver, "-i", platform === "win32" && !input.startsWith("audio=") ? `audio=${input}` : input, "-f", "s16le", "-ar", rate, "-ac", channels, "-"],
      };
    }
    case "arecord":
      return {
        command: "arecord",
        args: ["-q", ...(options.device === undefined ? [] : ["-D", options.device]), "-t", "raw", "-f", "S16_LE", "-r", rate, "-c", channels],
      };
  }
}
