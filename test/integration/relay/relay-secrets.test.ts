import { inspect } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VoiceLiveRelayOptions } from "../../../src/node/index.js";
import { captureLogs, expectNoSecret, KEY, TOKEN } from "../../helpers/secrets.js";
import { countingCredential } from "../../helpers/sim-connect.js";
import { RelayHarness, userText, type BrowserClient } from "./relay-harness.js";

const logs = captureLogs();

const h = new RelayHarness();
afterEach(() => h.stop());

/** Everything the relay showed: hook payloads, frames and close reasons sent to the browser. */
let shown: string[] = [];
beforeEach(() => {
  shown = [];
});
const hooks: Partial<VoiceLiveRelayOptions> = {
  onConnection: ({ id, request }) => shown.push(id, inspect(request.headers), request.url ?? ""),
  onClose: (info) => shown.push(JSON.stringify(info)),
  onError: (info) => shown.push(info.stage, inspect(info.error, { depth: 6 }), String(info.error), JSON.stringify(info.error)),
};

async function seenByBrowser(browser: BrowserClient): Promise<string[]> {
  const close = await browser.closed;
  return [...browser.raw, close.reason];
}

/** What the relay showed plus every log line: not empty, and free of every secret form. */
function expectNothingShown(texts: readonly string[]): void {
  const all = [...texts, ...logs];
  expect(all.join("").length).toBeGreaterThan(0);
  expectNoSecret(all);
}

describe("relay: secrets never reach the browser, hooks or logs", () => {
  it("a working key goes upstream in a header only and shows up nowhere", async () => {
    await h.start({ sim: { apiKeys: [KEY] }, relay: { credential: new AzureKeyCredential(KEY), ...hooks } });
    const browser = await h.connected();
    browser.send(userText("hello"));
    browser.send({ type: "response.create" });
    await browser.waitFor("response.done");
    expect(h.sim.sessions[0]!.query).not.toContain("api-key");
    h.sim.faults.inject({ type: "close", code: 4000, reason: "bye" });
    expectNothingShown([...(await seenByBrowser(browser)), ...shown]);
  });

  it("a refused key shows only the status", async () => {
    await h.start({ sim: { apiKeys: ["other"] }, relay: { credential: new AzureKeyCredential(KEY), ...hooks } });
    const browser = h.browser();
    const seen = await seenByBrowser(browser);
    expect(seen.at(-1)).toBe("upstream refused the connection (HTTP 401)");
    expectNothingShown([...seen, ...shown]);
  });

  it("a refused token is refreshed once, then the browser gets 1011 and no token anywhere", async () => {
    const credential = countingCredential([TOKEN]);
    await h.start({ sim: { verifyToken: () => false }, relay: { credential, ...hooks } });
    const browser = h.browser();
    const seen = await seenByBrowser(browser);
    expect(credential.calls).toBe(2);
    expect((await browser.closed).code).toBe(1011);
    expectNothingShown([...seen, ...shown]);
  });

  it("an accepted token shared by two connections is fetched once and shows up nowhere", async () => {
    const credential = countingCredential([TOKEN]);
    await h.start({ sim: { verifyToken: (token) => token === TOKEN }, relay: { credential, ...hooks } });
    const [a, b] = await Promise.all([h.connected(), h.connected()]);
    expect(credential.calls).toBe(1);
    a!.ws.close(1000);
    b!.ws.close(1000);
    expectNothingShown([...(await seenByBrowser(a!)), ...(await seenByBrowser(b!)), ...shown]);
  });
});
