/**
 * Waiting on Node writable streams without hanging when they die instead of draining.
 */
import type { Writable } from "node:stream";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";

/** Maps a stream write failure to a typed error: EPIPE (the reader went away) is `broken_pipe`. */
export function writeFailure(error: unknown, what: string, command?: string): VoiceLiveAudioError {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_WRITE_AFTER_END") {
    return new VoiceLiveAudioError("broken_pipe", `${what} stopped taking audio (${String(code)}).`, { cause: error, command });
  }
  return new VoiceLiveAudioError("stream_error", `${what} failed: ${detail}`, { cause: error, command });
}

/**
 * Resolves on the stream's next 'drain'; rejects with what `failure()` returns when it
 * errors or closes first.
 */
export function waitForDrain(stream: Writable, failure: () => VoiceLiveAudioError): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off("drain", onDrain);
      stream.off("error", onEnd);
      stream.off("close", onEnd);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onEnd = (): void => {
      cleanup();
      reject(failure());
    };
    if (stream.destroyed) {
      reject(failure());
      return;
    }
    stream.on("drain", onDrain);
    stream.on("error", onEnd);
    stream.on("close", onEnd);
  });
}

/** Ends a writable stream and resolves once it has flushed or died; never rejects. */
export function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableFinished) {
      resolve();
      return;
    }
    const done = (): void => {
      stream.off("finish", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("finish", done);
    stream.on("close", done);
    stream.on("error", done);
    stream.end();
  });
}
