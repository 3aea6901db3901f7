import { readFileSync } from "node:fs";
import { runSimCommand } from "./sim-command.js";

interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage: voicelive <command> [options]

Commands:
  sim         Run the local Voice Live simulator (no Azure needed).
  help        Show this help.
  version     Print the package version.

Run "voicelive <command> --help" for a command's options.
`;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/** Runs the `voicelive` command line and returns its exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(USAGE);
      return 0;
    case "sim":
      return runSimCommand(argv.slice(1), io);
    case "version":
    case "--version":
    case "-v":
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    default:
      io.stderr.write(`voicelive: unknown command "${command}". Run "voicelive help" for the list.\n`);
      return 2;
  }
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`voicelive: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
