import { VoiceLiveSimulator, type VoiceLiveSimulatorOptions } from "../testing/index.js";

/** Where the command writes; `signal` stops the simulator like SIGINT does (for embedding and tests). */
export interface SimCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: voicelive sim [options]

Runs a local Voice Live simulator until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port <n>           TCP port, 0 for a free one (default 8765)
  --host <address>     Interface to bind (default 127.0.0.1)
  --api-key <key>      Accept only this api-key (default: any key or bearer token)
  --profile-rules      Apply the BYOM profile rules to session.update (default)
  --no-profile-rules   Do not apply them
  --realtime-pace      Stream response audio at playback speed (default)
  --fast               Stream response audio as fast as possible
  -h, --help           Show this help
`;

class UsageError extends Error {}

interface Parsed {
  readonly help: boolean;
  readonly options: VoiceLiveSimulatorOptions;
}

function parse(argv: readonly string[]): Parsed {
  const args = argv[0] === "sim" ? argv.slice(1) : [...argv];
  let port = 8765;
  let host: string | undefined;
  let apiKey: string | undefined;
  let profileRules = true;
  let pace: "realtime" | "fast" = "realtime";
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "") throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case "-h":
      case "--help":
        help = true;
        break;
      case "--port": {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${text}"`);
        break;
      }
      case "--host":
        host = value();
        break;
      case "--api-key":
        apiKey = value();
        break;
      case "--profile-rules":
        profileRules = true;
        break;
      case "--no-profile-rules":
        profileRules = false;
        break;
      case "--realtime-pace":
        pace = "realtime";
        break;
      case "--fast":
        pace = "fast";
        break;
      default:
        throw new UsageError(`unknown option "${arg.startsWith("--") ? name : arg}"`);
    }
  }
  return {
    help,
    options: { port, ...(host !== undefined ? { host } : {}), ...(apiKey !== undefined ? { apiKeys: [apiKey] } : {}), profileRules, pace, keepFrames: false },
  };
}

function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      signal?.removeEventListener("abort", onAbort);
      resolve(reason);
    };
    const onInt = stop("SIGINT");
    const onTerm = stop("SIGTERM");
    const onAbort = stop("abort");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `voicelive sim`: starts a simulator, prints its endpoint and runs until SIGINT,
 * SIGTERM or `io.signal`. Returns 0 after a clean stop, 2 for bad arguments and 1 when
 * the simulator cannot start; errors are one line on stderr. The api-key is never printed.
 */
export async function runSimCommand(argv: string[], io: SimCommandIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`voicelive sim: ${error.message}. Run "voicelive sim --help" for the options.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let sim: VoiceLiveSimulator;
  try {
    sim = await VoiceLiveSimulator.start(parsed.options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const where = `${parsed.options.host ?? "127.0.0.1"}:${parsed.options.port ?? 0}`;
    const message =
      code === "EADDRINUSE" ? `port ${where} is already in use` : code === "EADDRNOTAVAIL" ? `cannot bind ${where}` : error instanceof Error ? error.message : String(error);
    io.stderr.write(`voicelive sim: ${message}.\n`);
    return 1;
  }
  const { options } = parsed;
  io.stdout.write(
    [
      `Voice Live simulator listening on ${sim.endpoint}`,
      `  connect to ${sim.endpoint.replace(/^http/, "ws")}/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime`,
      `  auth: ${options.apiKeys !== undefined ? "the api-key given with --api-key" : "any api-key or bearer token"}`,
      `  pace: ${options.pace ?? "realtime"}, profile rules: ${options.profileRules === false ? "off" : "on"}`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  const reason = await waitForStop(io.signal);
  await sim.close();
  io.stdout.write(`Simulator stopped (${reason}).\n`);
  return 0;
}
