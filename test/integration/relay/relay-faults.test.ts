import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it } from "vitest";
import type { RelayCloseInfo, RelayErrorInfo } from "../../../src/node/index.js";
import { captureLogs } from "../../helpers/secrets.js";
import { RelayHarness } from "./relay-harness.js";

const h = new RelayHarness();
afterEach(() => h.stop());

const closesSeenBySim = () => h.sim.frames.flatMap((f) => ("close" in f && f.direction === "received" ? [f.close] : []));
const until = async (check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("relay: authorize", () => {
  it("refuses with 403 when authorize returns false and 401 when it throws, without a WebSocket", async () => {
    const errors: RelayErrorInfo[] = [];
    await h.start({
      relay: {
        authorize: (request) => {
          if (request.headers.cookie === "bad") throw new Error("no session");
          return request.headers.cookie === "ok";
        },
        onError: (info) => errors.push(info),
      },
    });
    await expect(h.browser("/voice", { headers: { cookie: "nope" } }).opened).rejects.toMatchObject({ status: 403 });
    await expect(h.browser("/voice", { headers: { cookie: "bad" } }).opened).rejects.toMatchObject({ status: 401 });
    await h.connected("/voice", { headers: { cookie: "ok" } });
    expect(errors).toMatchObject([{ stage: "authorize" }]);
    expect(h.sim.sessions).toHaveLength(1);
  });

  it("refuses an origin outside allowedOrigins with 403 before calling authorize", async () => {
    let calls = 0;
    await h.start({ relay: { allowedOrigins: ["https://app.example"], authorize: () => (calls++, true) } });
    await expect(h.browser("/voice", { origin: "https://evil.example" }).opened).rejects.toMatchObject({ status: 403 });
    await h.connected("/voice", { origin: "https://app.example" });
    expect(calls).toBe(1);
  });

  it("answers 500 when authorize returns a grant the URL builder rejects", async () => {
    const errors: RelayErrorInfo[] = [];
    await h.start({ relay: { authorize: () => ({ model: "bad model" }), onError: (info) => errors.push(info) } });
    await expect(h.browser().opened).rejects.toMatchObject({ status: 500 });
    expect(errors[0]).toMatchObject({ stage: "grant", error: { name: "TypeError" } });
  });

  it("answers 500 when a grant forces a session field the granted profile refuses, naming grant.session", async () => {
    const errors: RelayErrorInfo[] = [];
    await h.start({
      relay: { authorize: () => ({ profile: "byom-azure-openai-chat-completion", model: "gpt-4.1", session: { voice: "alloy" } }), onError: (info) => errors.push(info) },
    });
    await expect(h.browser().opened).rejects.toMatchObject({ status: 500 });
    expect(errors[0]).toMatchObject({ stage: "grant", error: { name: "TypeError", message: expect.stringMatching(/^grant\.session\.voice: Only Azure voice/) as unknown } });
  });

  it("names grant.session when the grant's own field breaks a rule that is named after another field", async () => {
    const errors: RelayErrorInfo[] = [];
    // The rule is named after interim_response and also covers filler_response.
    await h.start({ relay: { session: { instructions: "Be brief." }, authorize: () => ({ session: { filler_response: { type: "static_filler", texts: ["One moment."] } } }), onError: (info) => errors.push(info) } });
    await expect(h.browser().opened).rejects.toMatchObject({ status: 500 });
    expect(errors[0]).toMatchObject({ error: { message: expect.stringMatching(/^grant\.session\.interim_response: interim \(filler\) responses exist only for cascaded text models/) as unknown } });
  });
});

describe("relay: profile warnings", () => {
  const logs = captureLogs();

  it("logs a profile warning for a grant's session once, however many browsers it accepts", async () => {
    logs.length = 0;
    await h.start({ relay: { authorize: () => ({ session: { input_audio_transcription: { model: "whisper-1", custom_speech: { "en-US": "id" } } } }) } });
    await h.connected();
    await h.connected();
    expect(logs.filter((line) => line.includes("relay: grant.session.input_audio_transcription.custom_speech: custom speech models work only with azure-speech"))).toHaveLength(1);
  });
});

describe("relay: hooks", () => {
  it("reports a throwing hook to onError and keeps the connection working", async () => {
    const errors: RelayErrorInfo[] = [];
    await h.start({
      relay: {
        onConnection: () => {
          throw new Error("hook bug");
        },
        onError: (info) => errors.push(info),
      },
    });
    const browser = await h.connected();
    browser.send({ type: "input_audio_buffer.clear" });
    await browser.waitFor("input_audio_buffer.cleared");
    expect(errors).toMatchObject([{ stage: "hook", error: { message: "hook bug" } }]);
  });
});

describe("relay: upstream failures", () => {
  it("closes the browser with 1011 and the status when the upstream refuses the key", async () => {
    await h.start({ relay: { credential: new AzureKeyCredential("wrong-key") } });
    const browser = h.browser();
    await browser.opened;
    expect(await browser.closed).toEqual({ code: 1011, reason: "upstream refused the connection (HTTP 401)" });
  });

  it("closes the browser with 1013 when the upstream answers 503", async () => {
    await h.start();
    h.sim.faults.next({ refuse: { status: 503, retryAfterSeconds: 2 } });
    const browser = h.browser();
    await browser.opened;
    expect(await browser.closed).toEqual({ code: 1013, reason: "try again later (upstream HTTP 503, retry after 2 s)" });
  });

  it("closes the browser with 1011 when the upstream connection drops", async () => {
    await h.start();
    const browser = await h.connected();
    h.sim.faults.inject({ type: "drop" });
    expect(await browser.closed).toEqual({ code: 1011, reason: "upstream connection lost" });
  });
});

describe("relay: sizes and close codes", () => {
  it("closes the browser with 1009 when it sends more than maxMessageBytes.fromBrowser", async () => {
    const closes: RelayCloseInfo[] = [];
    await h.start({ relay: { maxMessageBytes: { fromBrowser: 4096 }, onClose: (info) => closes.push(info) } });
    const browser = await h.connected();
    browser.send({ type: "input_audio_buffer.append", audio: "A".repeat(5000) });
    expect((await browser.closed).code).toBe(1009);
    await until(() => closes.length === 1);
    expect(closes[0]).toMatchObject({ code: 1009 });
    expect(h.receivedTypes()).not.toContain("input_audio_buffer.append");
    await until(() => closesSeenBySim().length === 1);
    expect(closesSeenBySim()).toEqual([{ code: 1009, reason: "" }]);
  });

  it("closes the browser with 1009 when the upstream sends more than maxMessageBytes.fromUpstream", async () => {
    await h.start({ relay: { maxMessageBytes: { fromUpstream: 8192 } } });
    const browser = await h.connected();
    h.sim.faults.inject({ type: "send-oversized", bytes: 20_000 });
    expect(await browser.closed).toEqual({ code: 1009, reason: "upstream message too big" });
  });

  it("forwards the browser's close code and reason upstream", async () => {
    await h.start();
    const browser = await h.connected();
    browser.ws.close(4001, "user hung up");
    await browser.closed;
    await until(() => closesSeenBySim().length === 1);
    expect(closesSeenBySim()).toEqual([{ code: 4001, reason: "user hung up" }]);
  });

  it("forwards the upstream's close code and reason to the browser", async () => {
    await h.start();
    const browser = await h.connected();
    h.sim.faults.inject({ type: "close", code: 4002, reason: "session over" });
    expect(await browser.closed).toEqual({ code: 4002, reason: "session over" });
  });

  it("terminates a browser that stops answering pings and tells the upstream it went away", async () => {
    await h.start({ relay: { pingIntervalMs: 40 } });
    const browser = await h.connected("/voice", { autoPong: false });
    expect((await browser.closed).code).toBe(1006);
    await until(() => closesSeenBySim().length === 1);
    expect(closesSeenBySim()).toEqual([{ code: 1001, reason: "browser went away" }]);
  });

  it("close() closes every pair with 1001, reports each close and detaches from the server", async () => {
    const closes: RelayCloseInfo[] = [];
    await h.start({ relay: { onClose: (info) => closes.push(info) } });
    const [a, b] = await Promise.all([h.connected(), h.connected()]);
    expect(h.relay.connections).toBe(2);
    await h.relay.close();
    expect(await a!.closed).toEqual({ code: 1001, reason: "relay shutting down" });
    expect(await b!.closed).toEqual({ code: 1001, reason: "relay shutting down" });
    expect(closes.map((c) => c.code)).toEqual([1001, 1001]);
    expect(closes[0]!.bytesOut).toBeGreaterThan(0);
    expect(h.relay.connections).toBe(0);
    expect(h.server.listenerCount("upgrade")).toBe(0);
  });
});
