/**
 * A recorder or player child process: started, watched and stopped without leaks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import type { AudioCommand } from "./audio-command.js";

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

// Keep the end of stderr for error messages; recorders can be chatty.
const STDERR_TAIL_CHARS = 1000;
// Players normally stop on SIGTERM within milliseconds; a wedged one gets SIGKILL.
const KILL_AFTER_MS = 1000;

/** Renders a command line for messages, quoting arguments with spaces. */
export function formatCommand(spec: AudioCommand): string {
  return [spec.command, ...spec.args].map((part) => (/[\s"']/.test(part) || part === "" ? JSON.stringify(part) : part)).join(" ");
}

/**
 * A running recorder (stdout piped) or player (stdin piped). `exited` resolves when the
 * process is gone; `stop()` ends it (SIGTERM, then SIGKILL) and waits for that.
 */
export class AudioProcess {
  readonly child: ChildProcess;
  readonly commandLine: string;
  readonly exited: Promise<ProcessExit>;
  #exit: ProcessExit | undefined;
  #stderr = "";
  #stopping = false;

  private constructor(child: ChildProcess, commandLine: string) {
    this.child = child;
    this.commandLine = commandLine;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_TAIL_CHARS);
    });
  }

  /**
   * Starts `spec` with stdout (`"record"`) or stdin (`"play"`) piped and stderr captured.
   * Rejects with `VoiceLiveAudioError` (`spawn_failed`) when the program cannot be started.
   */
  static spawn(spec: AudioCommand, direction: "record" | "play"): Promise<AudioProcess> {
    const commandLine = formatCommand(spec);
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(spec.command, spec.args, {
          stdio: direction === "record" ? ["ignore", "pipe", "pipe"] : ["pipe", "ignore", "pipe"],
          env: spec.env === undefined ? process.env : { ...process.env, ...spec.env },
          windowsHide: true,
        });
      } catch (error) {
        reject(spawnFailed(spec, commandLine, error));
        return;
      }
      const onError = (error: Error): void => reject(spawnFailed(spec, commandLine, error));
      child.once("error", onError);
      child.once("spawn", () => {
        child.off("error", onError);
        // Later errors (a failed kill) must not crash the process; the exit tells the story.
        child.on("error", () => {});
        resolve(new AudioProcess(child, commandLine));
      });
    });
  }

  /** The child's pid while it runs, else `undefined`. */
  get pid(): number | undefined {
    return this.#exit === undefined ? this.child.pid : undefined;
  }

  /** True once the process has exited. */
  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** True when the process was ended by `stop()`, so its exit is no failure. */
  get stopped(): boolean {
    return this.#stopping;
  }

  /**
   * Ends the process with `signal` (SIGKILL a second later if it is still there) and resolves
   * once it is gone; idempotent. The pipes are closed first: sox ignores SIGTERM while it
   * waits on stdin, and a recorder blocked on a full stdout must not wait for a reader.
   */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.#stopping = true;
    if (this.#exit !== undefined) return;
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), KILL_AFTER_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /**
   * Resolves once the process has exited and its stderr is read to the end, or after
   * `timeoutMs` if that comes first (the process lives on, or a child of it holds stderr).
   */
  async settled(timeoutMs: number): Promise<void> {
    const stderr = this.child.stderr;
    const read =
      stderr === null || stderr.readableEnded || stderr.destroyed
        ? undefined
        : new Promise<void>((resolve) => {
            stderr.once("end", resolve);
            stderr.once("close", resolve);
          });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([this.exited, read]), timeout]);
    clearTimeout(timer);
  }

  /**
   * A `process_exited` error describing how the process ended, with the end of its stderr;
   * `cause` is what it broke on the way (an EPIPE), if anything.
   */
  exitError(what: string, cause?: unknown): VoiceLiveAudioError {
    const exit = this.#exit ?? { code: null, signal: null };
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
    const stderr = this.#stderr.trim();
    return new VoiceLiveAudioError("process_exited", `The ${what} ${how}: ${this.commandLine}${stderr === "" ? "" : `\n${stderr}`}`, {
      ...(cause === undefined ? {} : { cause }),
      command: this.commandLine,
      ...(exit.code === null ? {} : { exitCode: exit.code }),
      ...(exit.signal === null ? {} : { signal: exit.signal }),
    });
  }
}

function spawnFailed(spec: AudioCommand, commandLine: string, error: unknown): VoiceLiveAudioError {
  const code = (error as { code?: unknown }).code;
  const hint = code === "ENOENT" ? `"${spec.command}" is not installed or not on PATH` : `"${spec.command}" could not be started`;
  return new VoiceLiveAudioError("spawn_failed", `${hint} (${String(code ?? (error as Error).message)}).`, {
    cause: error,
    command: commandLine,
  });
}
