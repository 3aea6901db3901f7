import type { AzureLogger } from "@azure/logger";

/**
 * The SDK's logger (`AZURE_LOG_LEVEL=info` or `setLogLevel` from `@azure/logger`).
 * Lines name states, codes and redacted URLs only: never keys, tokens, audio or transcripts.
 *
 * `@azure/logger` itself comes with the deferred session modules (see azure-logger.ts),
 * which every first connect loads, so it stays out of a browser's initial chunk. A line
 * logged before it is here waits, in order, and goes out the moment it is installed;
 * `enabled` reads true meanwhile, so no line is skipped for want of a level.
 */
export const logger: Readonly<Record<Level, LogLine>> = { info: line("info"), warning: line("warning") };

type Level = "info" | "warning";

/** One level of the logger: call it with a line; `enabled` tells whether lines of this level are shown. */
export interface LogLine {
  (message: string): void;
  readonly enabled: boolean;
}

/** Early lines kept at most; beyond it they are counted and the count is logged instead. */
const MAX_EARLY_LINES = 200;

let installed: Pick<AzureLogger, Level> | undefined;
let early: [Level, string][] | undefined;
let overflow = 0;

function line(level: Level): LogLine {
  const log = (message: string): void => {
    if (installed !== undefined) installed[level](message);
    else if ((early ??= []).length < MAX_EARLY_LINES) early.push([level, message]);
    else overflow++;
  };
  return Object.defineProperty(log, "enabled", { get: () => installed === undefined || installed[level].enabled }) as LogLine;
}

/** Hands the logger its `@azure/logger` client logger: lines logged so far go out first, in order. */
export function installLogger(client: Pick<AzureLogger, Level>): void {
  if (installed !== undefined) return;
  installed = client;
  const lines = early;
  early = undefined;
  if (lines !== undefined) for (const [level, message] of lines) client[level](message);
  if (overflow > 0) client.warning(`${overflow} more early log lines were not kept while the logger loaded`);
  overflow = 0;
}
