import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

function runExample(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.AZURE_LOG_LEVEL;
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, join("examples", "node", "tracing.ts")], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

describe("examples/node/tracing.ts", { timeout: 35_000 }, () => {
  it("prints the session's spans through ConsoleSpanExporter, each child in the session's trace", async () => {
    const run = await runExample();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const names = [...run.stdout.matchAll(/name: '(voicelive\.[a-z]+)'/g)].map((m) => m[1]);
    // Spans print as they end: children first, the session last.
    expect(names).toEqual(["voicelive.connect", "voicelive.response", "voicelive.response", "voicelive.interruption", "voicelive.session"]);
    expect(new Set([...run.stdout.matchAll(/traceId: '([0-9a-f]+)'/g)].map((m) => m[1])).size).toBe(1);
    expect(run.stdout).toContain("'http.response.status_code': 503");
    expect(run.stdout).not.toContain("simulator-key");
    expect(run.stdout).not.toContain("lighthouse");
  });
});
