import { describe, expect, it } from "vitest";
import { appendCredentialQuery, buildVoiceLiveUrl, redactUrl } from "../../../src/url/index.js";

const key = "8f3c2a91d7e64b0fa5c1e2d3b4a59687";
const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FpLmF6dXJlLmNvbSJ9.c2lnbmF0dXJlLXNlY3JldA";
const base64Key = Buffer.from(key).toString("base64");
const secrets = [key, token, base64Key, encodeURIComponent(base64Key), "c2lnbmF0dXJl", "secret"];
const host = "wss://my-res.services.ai.azure.com/voice-live/realtime";

const expectNoSecret = (shown: string) => {
  for (const secret of secrets) expect(shown).not.toContain(secret);
};

describe("redactUrl", () => {
  it("shows a URL built by the SDK unchanged", () => {
    const url = buildVoiceLiveUrl({
      endpoint: "https://my-res.services.ai.azure.com",
      model: "dep-1",
      profile: "byom-azure-openai-realtime",
    });
    expect(redactUrl(url)).toBe(`${host}?api-version=2025-10-01&model=dep-1&profile=byom-azure-openai-realtime`);
    expect(redactUrl(url.href)).toBe(redactUrl(url));
  });

  it("shows agent names and versions but hides conversation ids and other values, keeping their keys", () => {
    const url = buildVoiceLiveUrl({
      endpoint: "https://my-res.services.ai.azure.com",
      foundryResourceOverride: "other-res",
      agent: { name: "a", projectName: "p", version: "2", conversationId: "conv_1", authenticationIdentityClientId: "guid" },
      query: { trace: "t1" },
    });
    expect(redactUrl(url)).toBe(
      `${host}?api-version=2025-10-01&foundry-resource-override=REDACTED&agent-name=a&agent-project-name=p&agent-version=2` +
        "&conversation-id=REDACTED&agent-authentication-identity-client-id=REDACTED&trace=REDACTED",
    );
  });

  it("hides api keys and bearer tokens added for browsers", () => {
    const url = buildVoiceLiveUrl({ endpoint: "https://my-res.services.ai.azure.com", model: "m" });
    expect(redactUrl(appendCredentialQuery(url, { apiKey: key }))).toBe(`${host}?api-version=2025-10-01&model=m&api-key=REDACTED`);
    expect(redactUrl(appendCredentialQuery(url, { bearerToken: token }))).toBe(
      `${host}?api-version=2025-10-01&model=m&authorization=REDACTED`,
    );
  });

  it("hides secrets in odd casings, duplicated keys, encodings and fragments", () => {
    const raw =
      `${host}?API-KEY=${key}&api-key=${encodeURIComponent(base64Key)}&Authorization=Bearer+${token}` +
      `&api-key=${base64Key}&agent-access-token=${token}#api-key=${key}`;
    const shown = redactUrl(raw);
    expect(shown).toBe(
      `${host}?API-KEY=REDACTED&api-key=REDACTED&Authorization=REDACTED&api-key=REDACTED&agent-access-token=REDACTED#REDACTED`,
    );
    expectNoSecret(shown);
  });

  it("hides allow-listed values that are encoded or spelled oddly and keys in other casings", () => {
    const shown = redactUrl(`${host}?model=m%26api-key%3D${key}&MODEL=${key}&model=a+b&profile=${"x".repeat(300)}&model=`);
    expect(shown).toBe(`${host}?model=REDACTED&MODEL=REDACTED&model=REDACTED&profile=REDACTED&model=`);
    expectNoSecret(shown);
  });

  it("hides keys that look like tokens and bare values without a key", () => {
    const shown = redactUrl(`${host}?${token}&${token}=1&api%2Dkey=${key}&flag`);
    expect(shown).toBe(`${host}?REDACTED&REDACTED=REDACTED&REDACTED=REDACTED&flag`);
    expectNoSecret(shown);
  });

  it("removes the user name and password", () => {
    const shown = redactUrl(`https://user:${key}@my-res.services.ai.azure.com:8443/base?model=m`);
    expect(shown).toBe("https://my-res.services.ai.azure.com:8443/base?model=m");
  });

  it("never throws and never echoes an unparsable or opaque URL", () => {
    expect(redactUrl(`not a url ${key}`)).toBe("[unparsable URL]");
    expect(redactUrl(undefined as unknown as string)).toBe("[unparsable URL]");
    expect(redactUrl(`data:text/plain,${key}`)).toBe("data:REDACTED");
  });

  it("drops an empty query marker and empty pairs", () => {
    expect(redactUrl(`${host}?`)).toBe(host);
    expect(redactUrl(`${host}?&&model=m&`)).toBe(`${host}?model=m`);
  });
});
