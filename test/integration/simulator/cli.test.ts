import { afterEach, describe, expect, it, vi } from "vitest";
import { runSimCommand } from "../../../src/cli/sim-command.js";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { closeAllClients, refusedHandshake } from "../../helpers/sim-client.js";
import { WebSocket } from "ws";

const sink = () => {
  const chunks: string[] = [];
  const waiters: (() => void)[] = [];
  return {
    chunks,
    write: (text: string) => {
      chunks.push(text);
      for (const wake of waiters.splice(0)) wake();
    },
    text: () => chunks.join(""),
    /** Resolves with the first match of the output so far, waiting for writes rather than polling. */
    async match(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const found = chunks.join("").match(pattern);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
};
const stops: AbortController[] = [];
afterEach(() => {
  closeAllClients();
  for (const stop of stops.splice(0)) stop.abort();
});

describe("voicelive sim", () => {
  it("prints help and exits 0", async () => {
    const out = sink();
    expect(await runSimCommand(["--help"], { stdout: out, stderr: sink() })).toBe(0);
    expect(out.text()).toContain("--no-profile-rules");
    expect(out.text()).toContain("--profile-rules ");
  });

  it("accepts --profile-rules, the flag the issue names, as the default made explicit", async () => {
    const out = sink();
    const stop = new AbortController();
    stops.push(stop);
    const running = runSimCommand(["--port=0", "--profile-rules", "--fast"], { stdout: out, stderr: sink(), signal: stop.signal });
    await vi.waitFor(() => expect(out.text()).toMatch(/http:\/\/127\.0\.0\.1:\d+/));
    stop.abort();
    expect(await running).toBe(0);
  });

  it("reports a bad argument as one line and exits 2", async () => {
    const err = sink();
    expect(await runSimCommand(["--port", "abc"], { stdout: sink(), stderr: err })).toBe(2);
    expect(await runSimCommand(["--bogus"], { stdout: sink(), stderr: err })).toBe(2);
    expect(await runSimCommand(["--host"], { stdout: sink(), stderr: err })).toBe(2);
    expect(err.chunks).toHaveLength(3);
    for (const line of err.chunks) expect(line).toMatch(/^voicelive sim: [^\n]+\n$/);
  });

  it("exits 1 with one line when the port is taken", async () => {
    const taken = await VoiceLiveSimulator.start();
    try {
      const err = sink();
      const port = new URL(taken.endpoint).port;
      expect(await runSimCommand(["--port", port], { stdout: sink(), stderr: err })).toBe(1);
      expect(err.text()).toBe(`voicelive sim: port 127.0.0.1:${port} is already in use.\n`);
    } finally {
      await taken.close();
    }
  });

  it("serves until stopped, checks the api-key without printing it, and exits 0", async () => {
    const out = sink();
    const stop = new AbortController();
    stops.push(stop);
    const running = runSimCommand(["sim", "--port=0", "--api-key", "cli-secret", "--fast", "--no-profile-rules"], { stdout: out, stderr: sink(), signal: stop.signal });
    const [, endpoint] = await out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(out.text()).not.toContain("cli-secret");
    expect(out.text()).toContain("pace: fast, profile rules: off");
    const url = `${endpoint!.replace("http", "ws")}/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime`;
    expect((await refusedHandshake(url, { "api-key": "wrong" })).status).toBe(401);
    const ws = new WebSocket(url, { headers: { "api-key": "cli-secret" } });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once("message", (data) => resolve(String(data)));
      ws.once("error", reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: "session.created" });
    stop.abort();
    expect(await running).toBe(0);
    expect(out.text()).toContain("Simulator stopped (abort)");
    ws.terminate();
  });

  it("stops on SIGTERM", async () => {
    const out = sink();
    const running = runSimCommand(["--port", "0"], { stdout: out, stderr: sink() });
    await out.match(/listening on/);
    process.emit("SIGTERM");
    expect(await running).toBe(0);
    expect(out.text()).toContain("(SIGTERM)");
  });
});
