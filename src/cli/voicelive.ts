import { readFileSync } from "node:fs";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import { UsageError } from "./conversation-options.js";
import type { CliIo } from "./io.js";
import { runRunCommand } from "./run-command.js";
import { runSimCommand } from "./sim-command.js";
import { runTalkCommand } from "./talk-command.js";

const USAGE = `Usage: voicelive <command> [options]

Commands:
  talk        A live conversation: microphone in, speaker out (sox or ffmpeg).
  run         Send a recorded question (--in), write the spoken reply (--out).
  sim         Run the local Voice Live simulator (no Azure needed).
  help        Show this help.
  version     Print the package version.

Run "voicelive <command> --help" for a command's options.
`;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(USAGE);
      return 0;
    case "version":
    case "--version":
    case "-v":
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    case "sim":
      return runSimCommand(rest, io);
    case "run":
      return runRunCommand(rest, io);
    case "talk":
      return runTalkCommand(rest, io);
    default:
      throw new UsageError(`unknown command "${command}"; run "voicelive help" for the list`);
  }
}

/** Runs the `voicelive` command line: errors become one line on stderr and a non-zero exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const message =
      error instanceof UsageError || error instanceof TypeError || error instanceof RangeError
        ? error.message
        : VoiceLiveError.is(error)
          ? `${error.code}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
    io.stderr.write(`voicelive: ${message.split("\n")[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

// Run only as the `voicelive` program, not when imported (tests import main()).
if (process.argv[1] !== undefined && /voicelive(\.js)?$/.test(process.argv[1])) {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
