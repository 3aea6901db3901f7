import { inspect } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it } from "vitest";
import type { VoiceLiveSession } from "../../../src/index.js";
import { captureLogs, expectNoSecret, KEY, TOKEN } from "../../helpers/secrets.js";
import { countingCredential, SimHarness } from "../../helpers/sim-connect.js";

const logs = captureLogs();

const h = new SimHarness();
afterEach(() => h.stop());

/** Everything a user or a log could ever see of an error. */
const shownError = (error: unknown) => {
  const e = error as Error;
  return [e.message, String(e), JSON.stringify(e), inspect(e), inspect(e, { depth: 5, showHidden: false })].join("\n");
};

function captureEvents(session: VoiceLiveSession): string[] {
  const seen: string[] = [];
  const original = session.emit.bind(session);
  session.emit = ((key: string, ...args: unknown[]) => {
    seen.push(`${key} ${JSON.stringify(args, (_k, v) => (v instanceof Uint8Array ? "[bytes]" : v))}`);
    return (original as (k: string, ...a: unknown[]) => boolean)(key, ...args);
  }) as typeof session.emit;
  return seen;
}


describe("secrets never leak", () => {
  it("a refused key appears in no error, log line or shown URL", async () => {
    await h.start({ apiKeys: ["other"] });
    const error = await h.connect({ credential: new AzureKeyCredential(KEY), maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expectNoSecret([shownError(error), ...logs]);
  });

  it("a refused token, refreshed once, appears nowhere either", async () => {
    await h.start({ verifyToken: () => false });
    const error = await h.connect({ credential: countingCredential([TOKEN]) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expectNoSecret([shownError(error), ...logs]);
  });

  it("retries, drops, protocol errors and service errors of a keyed session show no secret", async () => {
    await h.start({ apiKeys: [KEY] });
    h.sim.faults.next({ refuse: { status: 503 } });
    const session = await h.connect({ credential: new AzureKeyCredential(KEY), reconnect: { retryDelayMs: 5 } });
    const events = captureEvents(session);
    const errors: unknown[] = [];
    session.on("error", (e) => errors.push(e));
    session.on("protocolError", (e) => errors.push(e));
    const id = h.sim.sessions[0]!.id;
    h.sim.faults.inject({ type: "send-malformed-json", text: `{"oops": "${KEY}"` }, id);
    await session.commitAudio().catch((e: unknown) => errors.push(e));
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" }, id);
    await reconnected;
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expectNoSecret([...errors.map(shownError), ...events, ...logs, session.url, JSON.stringify(session.state)]);
  });

  it("the malformed frame's text is never repeated, even when it holds a secret", async () => {
    await h.start();
    const session = await h.connect();
    const seen: unknown[] = [];
    session.on("protocolError", (e) => seen.push(e));
    h.sim.faults.inject({ type: "send-malformed-json", text: `not json ${KEY}` }, h.sim.sessions[0]!.id);
    await session.clearAudio();
    expect(seen).toHaveLength(1);
    expectNoSecret(seen.map(shownError));
  });
});
