import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { SimClient, closeAllClients, refusedHandshake, simUrl } from "../../helpers/sim-client.js";

let sim: VoiceLiveSimulator | undefined;
afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

const start = async () => (sim = await VoiceLiveSimulator.start({ pace: "fast" }));

describe("handshake faults", () => {
  it("refuses the next handshake with 503 and Retry-After, then lets the one after succeed", async () => {
    const s = await start();
    s.faults.next({ refuse: { status: 503, retryAfterSeconds: 1 } });
    expect(s.faults.pending).toBe(1);
    const refused = await refusedHandshake(simUrl(s), { "api-key": "k" });
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.body).toMatchObject({ error: { code: "503", message: expect.any(String) } });
    const client = await SimClient.connect(s);
    expect(client.events[0]?.type).toBe("session.created");
    expect(s.faults.pending).toBe(0);
  });

  it("refuses with any status and body code, in queue order", async () => {
    const s = await start();
    s.faults.next({ refuse: { status: 429, code: "TooManyRequests", message: "slow down" } }).next({ refuse: { status: 500 } });
    const first = await refusedHandshake(simUrl(s), { "api-key": "k" });
    const second = await refusedHandshake(simUrl(s), { "api-key": "k" });
    expect([first.status, second.status]).toEqual([429, 500]);
    expect(first.body).toEqual({ error: { code: "TooManyRequests", message: "slow down" } });
    expect(first.headers["retry-after"]).toBeUndefined();
  });

  it("throws RangeError for a fault that cannot happen", async () => {
    const s = await start();
    expect(() => s.faults.next({ refuse: { status: 200 } })).toThrow(RangeError);
    expect(() => s.faults.next({ actions: [{ type: "close", code: 1006 }] })).toThrow(/drop/);
    expect(() => s.faults.inject({ type: "drop" })).toThrow(/no live session/);
    expect(s.faults.pending).toBe(0);
  });
});

describe("connection faults", () => {
  it("closes with the given code and reason right after session.created", async () => {
    const s = await start();
    s.faults.next({ actions: [{ type: "close", code: 4001, reason: "maintenance" }] });
    const client = await SimClient.connect(s);
    expect(await client.closed).toEqual({ code: 4001, reason: "maintenance" });
  });

  it("runs the actions when the client first sends a given event, before handling it", async () => {
    const s = await start();
    s.faults.next({ actions: [{ type: "close", code: 1011, reason: "boom" }], afterClientEvent: "response.create" });
    const client = await SimClient.connect(s);
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    client.send({ type: "response.create" });
    expect((await client.closed).code).toBe(1011);
    expect(client.types("response.")).toEqual([]);
  });

  it("drops the TCP connection without a close frame", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    s.faults.inject({ type: "drop" });
    expect((await client.closed).code).toBe(1006);
  });

  it("stops answering pings", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    let pongs = 0;
    client.ws.on("pong", () => pongs++);
    client.ws.ping();
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(pongs).toBe(1);
    s.faults.inject({ type: "stop-pings" });
    client.ws.ping();
    // The server handles frames in order: had it answered the ping, the pong would precede this reply.
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared", 2);
    expect(pongs).toBe(1);
  });

  it("sends malformed JSON, binary, unknown-type and oversized frames", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    s.faults.inject({ type: "send-malformed-json" });
    s.faults.inject({ type: "send-binary", bytes: new Uint8Array([1, 2, 3]) });
    s.faults.inject({ type: "send-unknown-type", eventType: "future.event" });
    s.faults.inject({ type: "send-oversized", bytes: 100_000 });
    await client.waitFor((e) => e.type === "simulator.oversized");
    const [, malformed, binary, unknown, oversized] = client.raw;
    expect(() => JSON.parse(malformed!.data)).toThrow();
    expect(binary!.binary).toBe(true);
    expect(JSON.parse(unknown!.data)).toMatchObject({ type: "future.event" });
    expect(Buffer.byteLength(oversized!.data)).toBe(100_000);
  });

  it("delays later responses", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    s.faults.inject({ type: "delay-responses", delayMs: 120 });
    client.send({ type: "response.create" });
    await client.waitFor("response.created");
    const created = Date.now();
    await client.waitFor("response.output_item.added");
    expect(Date.now() - created).toBeGreaterThanOrEqual(100);
    expect((await client.waitFor("response.done")).response).toMatchObject({ status: "completed" });
  });

  it("stalls later responses until they are cancelled", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    s.faults.inject({ type: "stall-responses" });
    client.send({ type: "response.create" });
    await client.waitFor("response.created");
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.types("response.")).toEqual(["response.created"]);
    expect(s.sessions[0]?.activeResponseId).toBeDefined();
    client.send({ type: "response.cancel" });
    expect((await client.waitFor("response.done")).response).toMatchObject({ status: "cancelled", output: [] });
  });
});
