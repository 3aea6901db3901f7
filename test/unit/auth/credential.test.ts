import { AzureKeyCredential, AzureSASCredential, isTokenCredential as coreIsTokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { isKeyCredential, resolveHandshakeAuth, TokenCache, type VoiceLiveCredential } from "../../../src/auth/index.js";
import { isTokenCredential } from "../../../src/auth/credential.js";
import { FakeCredential, token } from "./fake-credential.js";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error as Error,
  );
}

describe("isKeyCredential", () => {
  it("accepts an object with a string key and no getToken", () => {
    expect(isKeyCredential(new AzureKeyCredential("k"))).toBe(true);
    expect(isKeyCredential({ key: "k" })).toBe(true);
  });

  it("rejects token credentials, non-string keys and non-objects", () => {
    expect(isKeyCredential({ key: "k", getToken: () => null })).toBe(false);
    expect(isKeyCredential(new FakeCredential())).toBe(false);
    expect(isKeyCredential({ key: 1 })).toBe(false);
    expect(isKeyCredential("k")).toBe(false);
    expect(isKeyCredential(null)).toBe(false);
  });
});

describe("isTokenCredential", () => {
  // The connect path checks credentials without importing @azure/core-auth's entry; the rule must stay the same.
  const candidates: [string, unknown][] = [
    ["a token credential", new FakeCredential()],
    ["an object with getToken", { getToken: async () => null }],
    ["getToken with parameters and signRequest", { getToken: async (_scopes: string) => null, signRequest: () => undefined }],
    ["getToken without parameters and signRequest (ms-rest)", { getToken: async () => null, signRequest: () => undefined }],
    ["a key credential", new AzureKeyCredential("k")],
    ["a SAS credential", new AzureSASCredential("sig")],
    ["getToken that is not a function", { getToken: "token" }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "token"],
  ];

  it.each(candidates)("agrees with @azure/core-auth for %s", (_name, value) => {
    expect(isTokenCredential(value)).toBe(Boolean(coreIsTokenCredential(value)));
  });

  it("accepts token credentials and rejects the rest", () => {
    expect(candidates.filter(([, value]) => isTokenCredential(value)).map(([name]) => name)).toEqual([
      "a token credential",
      "an object with getToken",
      "getToken with parameters and signRequest",
    ]);
  });
});

describe("resolveHandshakeAuth with a key", () => {
  it("sends the key only as the api-key header on Node", async () => {
    await expect(resolveHandshakeAuth(new AzureKeyCredential("key-1"), { runtime: "node" })).resolves.toEqual({
      headers: { "api-key": "key-1" },
      query: {},
    });
  });

  it("sends the key as the api-key query parameter in a browser", async () => {
    await expect(resolveHandshakeAuth(new AzureKeyCredential("key-1"), { runtime: "browser" })).resolves.toEqual({
      headers: {},
      query: { "api-key": "key-1" },
    });
  });

  it("reads the key at every call so AzureKeyCredential.update rotates it", async () => {
    const credential = new AzureKeyCredential("key-1");
    await resolveHandshakeAuth(credential, { runtime: "node" });
    credential.update("key-2");
    await expect(resolveHandshakeAuth(credential, { runtime: "node" })).resolves.toEqual({
      headers: { "api-key": "key-2" },
      query: {},
    });
  });

  it("refuses an empty key or one with whitespace without echoing it", async () => {
    for (const key of ["", "secret-key\n", "secret key"]) {
      const error = await rejection(resolveHandshakeAuth({ key }, { runtime: "node" }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain("credential.key");
      expect(error.message).not.toContain("secret");
    }
  });
});

describe("resolveHandshakeAuth with a token credential", () => {
  it("sends Authorization: Bearer on Node, through the given cache", async () => {
    const credential = new FakeCredential(() => token(1, Date.now()));
    const tokenCache = new TokenCache(credential);
    const expected = { headers: { Authorization: "Bearer token-1" }, query: {} };
    await expect(resolveHandshakeAuth(credential, { runtime: "node", tokenCache })).resolves.toEqual(expected);
    await expect(resolveHandshakeAuth(credential, { runtime: "node", tokenCache })).resolves.toEqual(expected);
    expect(credential.calls).toBe(1);
  });

  it("fetches a new token when forceRefresh is set", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now()));
    const tokenCache = new TokenCache(credential);
    await resolveHandshakeAuth(credential, { runtime: "node", tokenCache });
    await expect(resolveHandshakeAuth(credential, { runtime: "node", tokenCache, forceRefresh: true })).resolves.toEqual({
      headers: { Authorization: "Bearer token-2" },
      query: {},
    });
  });

  it("works without a cache by asking the credential each time", async () => {
    const credential = new FakeCredential((call) => token(call, Date.now()));
    await resolveHandshakeAuth(credential, { runtime: "node" });
    await expect(resolveHandshakeAuth(credential, { runtime: "node" })).resolves.toEqual({
      headers: { Authorization: "Bearer token-2" },
      query: {},
    });
  });

  it("refuses a token credential in a browser and points at the relay, before asking the credential", async () => {
    const credential = new FakeCredential(() => token(1, Date.now()));
    const error = await rejection(resolveHandshakeAuth(credential, { runtime: "browser" }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain("credential is a TokenCredential");
    expect(error.message).toContain("createVoiceLiveRelay from voicelive-client/node");
    expect(error.message).toContain("allowCredentialInUrl: true");
    expect(credential.calls).toBe(0);
  });

  it("sends authorization=Bearer as a query entry in a browser when allowCredentialInUrl is set", async () => {
    const credential = new FakeCredential(() => token(1, Date.now()));
    await expect(resolveHandshakeAuth(credential, { runtime: "browser", allowCredentialInUrl: true })).resolves.toEqual({
      headers: {},
      query: { authorization: "Bearer token-1" },
    });
  });

  it("refuses a cache made for another credential", async () => {
    const tokenCache = new TokenCache(new FakeCredential());
    const error = await rejection(resolveHandshakeAuth(new FakeCredential(), { runtime: "node", tokenCache }));
    expect(error).toEqual(new TypeError("tokenCache must be a TokenCache created for this same credential."));
  });
});

describe("resolveHandshakeAuth arguments", () => {
  it("names credential when it is missing or neither kind", async () => {
    for (const credential of [undefined, null, {}, { key: 1 }, "key"]) {
      const error = await rejection(resolveHandshakeAuth(credential as unknown as VoiceLiveCredential, { runtime: "node" }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/^credential must be a TokenCredential .* or a KeyCredential/);
    }
  });

  it("names runtime when it is not node or browser", async () => {
    const error = await rejection(resolveHandshakeAuth({ key: "k" }, { runtime: "deno" as never }));
    expect(error).toEqual(new TypeError('runtime must be "node" or "browser".'));
  });
});
