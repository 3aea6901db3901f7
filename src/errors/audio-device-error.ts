import { VoiceLiveError, type VoiceLiveErrorOptions } from "./voice-live-error.js";

/** Why an audio adapter (file, stream, recorder or player process, browser device) failed at runtime. */
export type AudioErrorCode =
  /** The recorder or player program could not be started (not installed: ENOENT, not executable: EACCES). */
  | "spawn_failed"
  /** The recorder or player exited while the adapter still needed it (see `exitCode`, `signal`). */
  | "process_exited"
  /** The player or stream stopped taking audio (EPIPE, a destroyed stream). */
  | "broken_pipe"
  /** A WAV file could not be opened, read, parsed or written. */
  | "file_error"
  /** A stream failed or was destroyed while audio was read from or written to it. */
  | "stream_error"
  /** The source or sink was already closed when it was asked to start or write. */
  | "closed"
  /** The user or the browser's permission policy refused access to the microphone. */
  | "permission_denied"
  /** No matching capture or playback device exists, or it is busy or was unplugged. */
  | "device_unavailable"
  /** An AudioWorklet module failed to load (a network or Content-Security-Policy error) or its processor failed. */
  | "worklet_failed"
  /** The runtime lacks an API the adapter needs (getUserMedia, AudioWorklet, a secure context). */
  | "unsupported";

/** Details an audio error may carry; all of them are safe to log. */
export interface AudioErrorDetails extends VoiceLiveErrorOptions {
  /** The program and its arguments, e.g. `sox -q -d -t raw …`; never the environment. */
  readonly command?: string;
  /** The process's exit code, when it exited by itself. */
  readonly exitCode?: number;
  /** The signal that ended the process, when one did. */
  readonly signal?: string;
}

/**
 * An audio source or sink failed at runtime: a recorder or player that would not start
 * or died, a pipe that broke, a file that could not be read or written. Its message,
 * `toJSON()` and inspected form carry the command line and exit status, never the
 * environment or audio.
 */
export class VoiceLiveAudioError extends VoiceLiveError {
  override name = "VoiceLiveAudioError" as const;
  declare readonly code: AudioErrorCode;
  /** The program and its arguments. */
  readonly command: string | undefined;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;

  constructor(code: AudioErrorCode, message: string, details: AudioErrorDetails = {}) {
    super(code, message, details);
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
  }

  protected override safeFields(): Record<string, unknown> {
    return { command: this.command, exitCode: this.exitCode, signal: this.signal };
  }
}
