import { AzureKeyCredential, type TokenCredential } from "@azure/core-auth";
import { connect, type ConnectOptions, type VoiceLiveSession } from "../../src/index.js";
import { VoiceLiveSimulator, type VoiceLiveSimulatorOptions } from "../../src/testing/index.js";

/** One simulator and the sessions a test opens against it, closed together. */
export class SimHarness {
  sim!: VoiceLiveSimulator;
  readonly sessions: VoiceLiveSession[] = [];

  async start(options: VoiceLiveSimulatorOptions = {}): Promise<VoiceLiveSimulator> {
    this.sim = await VoiceLiveSimulator.start({ pace: "fast", apiKeys: ["test-key"], ...options });
    return this.sim;
  }

  /** Connects our client with a key, fast retries and no pings unless told otherwise. */
  async connect(options: Partial<ConnectOptions> = {}): Promise<VoiceLiveSession> {
    const session = await connect({
      endpoint: this.sim.endpoint,
      credential: new AzureKeyCredential("test-key"),
      model: "gpt-realtime",
      allowInsecureConnection: true,
      retryDelayMs: 5,
      pingIntervalMs: 0,
      ...options,
    });
    this.sessions.push(session);
    return session;
  }

  async stop(): Promise<void> {
    await Promise.all(this.sessions.splice(0).map((s) => s.close()));
    await this.sim?.close();
  }
}

/** A token credential that counts its calls and hands out the tokens it is given, in order. */
export function countingCredential(tokens: (string | null | Error)[], lifetimeMs = 3_600_000): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken() {
      const next = tokens[Math.min(credential.calls, tokens.length - 1)]!;
      credential.calls++;
      if (next instanceof Error) throw next;
      return next === null ? null : { token: next, expiresOnTimestamp: Date.now() + lifetimeMs };
    },
  };
  return credential;
}
