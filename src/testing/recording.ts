import { readFile } from "node:fs/promises";

/** One line of a session recording: a frame or the close, at ms since the connection opened. */
export type RecordedFrame =
  | {
      readonly atMs: number;
      /** `sent` by the simulator (server frames) or `received` from the client. */
      readonly direction: "sent" | "received";
      /** The frame text; base64 when `binary`. */
      readonly data: string;
      readonly binary?: boolean;
    }
  | { readonly atMs: number; readonly direction: "sent" | "received"; readonly close: { readonly code: number; readonly reason: string } };

/** A frame in `sim.frames`: a recorded frame with its session, wall time and parsed event. */
export type SimulatorFrame = RecordedFrame & {
  readonly sessionId: string;
  /** Wall-clock time, ms since the epoch. */
  readonly timestamp: number;
  /** The parsed JSON object of a text frame; undefined for non-JSON, binary and close entries. */
  readonly event: Readonly<Record<string, unknown>> | undefined;
};

/** Serializes frames as JSONL, one `RecordedFrame` per line (session id and parsed event left out). */
export function toJsonl(frames: readonly RecordedFrame[]): string {
  return frames
    .map((frame) =>
      JSON.stringify(
        "close" in frame
          ? { atMs: frame.atMs, direction: frame.direction, close: frame.close }
          : { atMs: frame.atMs, direction: frame.direction, data: frame.data, ...(frame.binary === true ? { binary: true } : {}) },
      ),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** Parses a JSONL recording. Throws `SyntaxError` naming the first bad line. */
export function parseRecording(text: string): RecordedFrame[] {
  const frames: RecordedFrame[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SyntaxError(`Recording line ${index + 1} is not JSON.`);
    }
    const frame = value as Partial<Record<string, unknown>>;
    const ok =
      typeof frame["atMs"] === "number" &&
      (frame["direction"] === "sent" || frame["direction"] === "received") &&
      (typeof frame["data"] === "string" || typeof frame["close"] === "object");
    if (!ok) throw new SyntaxError(`Recording line ${index + 1} is not a recorded frame (needs atMs, direction, data or close).`);
    frames.push(value as RecordedFrame);
  });
  return frames;
}

/** Reads a JSONL recording file. */
export async function readRecording(path: string): Promise<RecordedFrame[]> {
  return parseRecording(await readFile(path, "utf8"));
}
