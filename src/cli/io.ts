/** What a command reads and writes; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stops a long-running command like Ctrl+C does. */
  readonly signal?: AbortSignal | undefined;
}
