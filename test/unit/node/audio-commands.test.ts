import { describe, expect, it } from "vitest";
import { VoiceLiveError } from "../../../src/errors/voice-live-error.js";
import { VoiceLiveAudioError } from "../../../src/errors/audio-device-error.js";
import { playerCommand } from "../../../src/node/player-command.js";
import { recorderCommand } from "../../../src/node/recorder-command.js";

const mono24 = { sampleRate: 24000, channels: 1 } as const;
const raw = ["-t", "raw", "-r", "24000", "-e", "signed-integer", "-b", "16", "-c", "1", "-L"];

describe("recorderCommand and playerCommand", () => {
  it("builds sox command lines for the format, passing a device as AUDIODEV", () => {
    expect(recorderCommand("sox", mono24)).toEqual({ command: "sox", args: ["-q", "--buffer", "960", "-d", ...raw, "-"] });
    expect(playerCommand("sox", mono24, { device: "hw:1" })).toEqual({ command: "sox", args: ["-q", ...raw, "-", "-d"], env: { AUDIODEV: "hw:1" } });
  });

  it("builds ffmpeg and ffplay command lines with the platform's capture driver", () => {
    expect(recorderCommand("ffmpeg", { sampleRate: 16000, channels: 2 }, { platform: "linux" }).args).toEqual([
      "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "alsa", "-i", "default", "-f", "s16le", "-ar", "16000", "-ac", "2", "-",
    ]);
    expect(recorderCommand("ffmpeg", mono24, { platform: "darwin" }).args.slice(4, 8)).toEqual(["-f", "avfoundation", "-i", ":0"]);
    expect(recorderCommand("ffmpeg", mono24, { platform: "win32", device: "Microphone" }).args.slice(4, 8)).toEqual(["-f", "dshow", "-i", "audio=Microphone"]);
    expect(() => recorderCommand("ffmpeg", mono24, { platform: "win32" })).toThrow(/options\.device/);
    expect(playerCommand("ffplay", mono24)).toEqual({
      command: "ffplay",
      args: ["-hide_banner", "-loglevel", "error", "-nodisp", "-autoexit", "-f", "s16le", "-ar", "24000", "-ac", "1", "-i", "-"],
    });
    expect(() => playerCommand("ffplay", mono24, { device: "x" })).toThrow(RangeError);
  });

  it("builds arecord and aplay command lines with an optional -D device", () => {
    expect(recorderCommand("arecord", mono24, { device: "plughw:1,0" })).toEqual({
      command: "arecord",
      args: ["-q", "-D", "plughw:1,0", "-t", "raw", "-f", "S16_LE", "-r", "24000", "-c", "1"],
    });
    expect(playerCommand("aplay", mono24)).toEqual({ command: "aplay", args: ["-q", "-t", "raw", "-f", "S16_LE", "-r", "24000", "-c", "1", "-"] });
  });

  it("rejects unknown presets, bad formats and bad devices", () => {
    expect(() => recorderCommand("rec" as "sox", mono24)).toThrow(/preset must be one of/);
    expect(() => playerCommand("sox", { sampleRate: 24000, channels: 0 })).toThrow(RangeError);
    expect(() => playerCommand("aplay", mono24, { device: "" })).toThrow(/options\.device/);
  });
});

describe("VoiceLiveAudioError", () => {
  it("is a VoiceLiveError whose JSON carries the command and exit status only", () => {
    const error = new VoiceLiveAudioError("process_exited", "The player exited with code 1", {
      command: "sox -q - -d",
      exitCode: 1,
      cause: new Error("secret-ish detail"),
    });
    expect(error).toBeInstanceOf(VoiceLiveError);
    expect(VoiceLiveError.is(error)).toBe(true);
    expect(error.name).toBe("VoiceLiveAudioError");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "VoiceLiveAudioError",
      code: "process_exited",
      message: "The player exited with code 1",
      command: "sox -q - -d",
      exitCode: 1,
    });
    expect(JSON.stringify(error)).not.toContain("secret-ish");
  });
});
