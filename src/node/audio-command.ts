/**
 * The shape of a recorder or player command line, and the checks both presets share.
 */
import { validatePcmFormat, type PcmFormat } from "../audio/pcm/pcm-format.js";

/** A program and its arguments, run without a shell. */
export interface AudioCommand {
  /** The program, looked up on `PATH` unless it is a path. */
  readonly command: string;
  readonly args: readonly string[];
  /** Variables added to the inherited environment (e.g. `AUDIODEV` for sox). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options the presets take. */
export interface AudioCommandPresetOptions {
  /**
   * The device: sox gets it as `AUDIODEV`, arecord/aplay as `-D`, ffmpeg as its `-i` input.
   * @default the system default device
   */
  readonly device?: string;
  /** The platform to build for (ffmpeg's capture driver depends on it). @default process.platform */
  readonly platform?: NodeJS.Platform;
}

/** The raw PCM16 little-endian format arguments sox uses for a format. */
export function soxRawArgs(format: PcmFormat): string[] {
  return ["-t", "raw", "-r", String(format.sampleRate), "-e", "signed-integer", "-b", "16", "-c", String(format.channels), "-L"];
}

/** Checks a preset call's arguments; throws `RangeError` / `TypeError` naming the bad one. */
export function checkPresetArgs(preset: string, presets: readonly string[], format: PcmFormat, options: AudioCommandPresetOptions): void {
  if (!presets.includes(preset)) {
    throw new RangeError(`preset must be one of ${presets.map((p) => `"${p}"`).join(", ")}, got ${String(preset)}.`);
  }
  validatePcmFormat(format);
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object.");
  if (options.device !== undefined && (typeof options.device !== "string" || options.device === "")) {
    throw new TypeError("options.device must be a non-empty string.");
  }
}

/** Checks a `{ command, args }` object; throws `TypeError` naming `name` when it is not one. */
export function checkAudioCommand(value: AudioCommand, name: string): AudioCommand {
  if (typeof value !== "object" || value === null || typeof value.command !== "string" || value.command === "") {
    throw new TypeError(`${name} must be a preset name or { command: string, args: string[] }.`);
  }
  if (!Array.isArray(value.args) || !value.args.every((arg) => typeof arg === "string")) {
    throw new TypeError(`${name}.args must be an array of strings.`);
  }
  if (value.env !== undefined && (typeof value.env !== "object" || value.env === null)) {
    throw new TypeError(`${name}.env must be an object of strings.`);
  }
  return { command: value.command, args: [...value.args], ...(value.env === undefined ? {} : { env: { ...value.env } }) };
}
