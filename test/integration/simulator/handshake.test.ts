import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator, type VoiceLiveSimulatorOptions } from "../../../src/testing/index.js";
import { SimClient, closeAllClients, refusedHandshake, simUrl } from "../../helpers/sim-client.js";

let sim: VoiceLiveSimulator | undefined;
const start = async (options: VoiceLiveSimulatorOptions = {}) => (sim = await VoiceLiveSimulator.start({ pace: "fast", ...options }));

afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

const query = { "api-version": "2025-10-01", model: "gpt-realtime" };

describe("simulator handshake", () => {
  it("listens on 127.0.0.1 with a free port and reports it as an http endpoint", async () => {
    const s = await start();
    expect(s.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(s.endpoint).port)).toBeGreaterThan(0);
  });

  it("answers 404 with an Azure-shaped body for any other path", async () => {
    const s = await start();
    const refused = await refusedHandshake(simUrl(s, query, "/voice-agent/realtime"), { "api-key": "k" });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ error: { code: "404", message: "Resource not found" } });
  });

  it("answers 400 naming the parameter when api-version is missing or malformed", async () => {
    const s = await start();
    const missing = await refusedHandshake(simUrl(s, { model: "gpt-realtime" }), { "api-key": "k" });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: "BadRequest", message: expect.stringContaining("api-version") } });
    const bad = await refusedHandshake(simUrl(s, { ...query, "api-version": "yesterday" }), { "api-key": "k" });
    expect(bad.status).toBe(400);
  });

  it("answers 400 when model is missing outside agent mode", async () => {
    const s = await start();
    const refused = await refusedHandshake(simUrl(s, { "api-version": "2025-10-01" }), { "api-key": "k" });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { message: expect.stringContaining("model") } });
  });

  it("accepts agent mode without a model when a bearer token is sent", async () => {
    const s = await start();
    const client = await SimClient.connect(s, {
      query: { "api-version": "2025-10-01", "agent-name": "helper", "agent-project-name": "proj" },
      headers: { Authorization: "Bearer token-1" },
    });
    const created = client.events[0] as unknown as { session: { agent?: { name: string }; model?: string } };
    expect(created.session.agent?.name).toBe("helper");
    expect(s.sessions[0]?.agent).toEqual({ name: "helper", projectName: "proj" });
  });

  it("refuses an api-key in agent mode, which needs Entra ID", async () => {
    const s = await start();
    const refused = await refusedHandshake(simUrl(s, { "api-version": "2025-10-01", "agent-name": "a", "agent-project-name": "p" }), { "api-key": "k" });
    expect(refused.status).toBe(401);
  });

  it("accepts a known or well-formed profile and refuses a malformed one", async () => {
    const s = await start();
    await SimClient.connect(s, { query: { ...query, profile: "byom-azure-openai-realtime" } });
    await SimClient.connect(s, { query: { ...query, profile: "byom-future-mode" } });
    const refused = await refusedHandshake(simUrl(s, { ...query, profile: "Not A Profile!" }), { "api-key": "k" });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { message: expect.stringContaining("profile") } });
  });
});

describe("simulator auth", () => {
  it("answers 401 without credentials", async () => {
    const s = await start();
    const refused = await refusedHandshake(simUrl(s, query));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: "401", message: expect.any(String) } });
  });

  it("accepts a configured key in the header or in the query and refuses another key without echoing it", async () => {
    const s = await start({ apiKeys: ["right-key"] });
    await SimClient.connect(s, { headers: { "api-key": "right-key" } });
    await SimClient.connect(s, { query: { ...query, "api-key": "right-key" }, headers: {} });
    const refused = await refusedHandshake(simUrl(s, query), { "api-key": "wrong-key-123" });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain("wrong-key-123");
  });

  it("keeps the key out of the session's displayed query", async () => {
    const s = await start();
    await SimClient.connect(s, { query: { ...query, "api-key": "secret-in-query" }, headers: {} });
    expect(s.sessions[0]?.query).not.toContain("secret-in-query");
    expect(s.sessions[0]?.query).toContain("model=gpt-realtime");
  });

  it("checks bearer tokens with verifyToken: accepted, rejected and expired", async () => {
    const seen: string[] = [];
    const s = await start({
      verifyToken: (token) => {
        seen.push(token);
        if (token === "good") return true;
        if (token === "old") return { expiresOnTimestamp: Date.now() - 1000 };
        if (token === "fresh") return { expiresOnTimestamp: Date.now() + 60_000 };
        return false;
      },
    });
    await SimClient.connect(s, { headers: { Authorization: "Bearer good" } });
    await SimClient.connect(s, { headers: { Authorization: "Bearer fresh" } });
    expect((await refusedHandshake(simUrl(s, query), { Authorization: "Bearer bad" })).status).toBe(401);
    const expired = await refusedHandshake(simUrl(s, query), { Authorization: "Bearer old" });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { message: expect.stringContaining("expired") } });
    expect(seen).toEqual(["good", "fresh", "bad", "old"]);
  });

  it("accepts anything with auth: false", async () => {
    const s = await start({ auth: false });
    const client = await SimClient.connect(s, { headers: {} });
    expect(client.events[0]?.type).toBe("session.created");
  });
});

describe("simulator options", () => {
  it("throws RangeError or TypeError naming the option before binding", async () => {
    await expect(VoiceLiveSimulator.start({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(VoiceLiveSimulator.start({ port: 70000 })).rejects.toThrow(/port/);
    await expect(VoiceLiveSimulator.start({ audioChunkMs: 5 })).rejects.toThrow(/audioChunkMs/);
    await expect(VoiceLiveSimulator.start({ pace: "slow" as "fast" })).rejects.toThrow(/pace/);
    await expect(VoiceLiveSimulator.start({ apiKeys: [""] })).rejects.toThrow(TypeError);
  });

  it("closes with no connection left open", async () => {
    const s = await start();
    const client = await SimClient.connect(s);
    await s.close();
    sim = undefined;
    expect((await client.closed).code).toBe(1006);
    expect(s.sessions).toEqual([]);
  });
});
