import { describe, expect, it } from "vitest";
import { appendCredentialQuery, buildVoiceLiveUrl, type CredentialQuery } from "../../../src/url/index.js";

const base = () => buildVoiceLiveUrl({ endpoint: "https://my-res.services.ai.azure.com", model: "gpt-realtime" });
const prefix = "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime";

describe("appendCredentialQuery", () => {
  it("returns a copy with api-key appended and leaves the original untouched", () => {
    const url = base();
    const withKey = appendCredentialQuery(url, { apiKey: "0123abcd" });
    expect(withKey.href).toBe(`${prefix}&api-key=0123abcd`);
    expect(url.href).toBe(prefix);
    expect(withKey).not.toBe(url);
  });

  it("appends authorization=Bearer with the token percent-encoded", () => {
    expect(appendCredentialQuery(base(), { bearerToken: "eyJ0eXAi.eyJhdWQi.sig-_" }).href).toBe(
      `${prefix}&authorization=Bearer%20eyJ0eXAi.eyJhdWQi.sig-_`,
    );
    expect(appendCredentialQuery(base(), { apiKey: "a+b/c=&d" }).href).toBe(`${prefix}&api-key=a%2Bb%2Fc%3D%26d`);
  });

  it("replaces a credential already in the URL whatever its casing", () => {
    const once = appendCredentialQuery(base(), { apiKey: "old" });
    const upper = new URL(`${prefix}&API-KEY=older&Authorization=Bearer%20x`);
    expect(appendCredentialQuery(once, { apiKey: "new" }).href).toBe(`${prefix}&api-key=new`);
    expect(appendCredentialQuery(upper, { bearerToken: "t" }).href).toBe(`${prefix}&authorization=Bearer%20t`);
  });

  it("needs exactly one non-empty credential and a URL", () => {
    const cases: [unknown, CredentialQuery, string][] = [
      [base(), {}, "exactly one"],
      [base(), { apiKey: "k", bearerToken: "t" }, "exactly one"],
      [base(), { apiKey: "" }, "apiKey must be a non-empty string"],
      [base(), { bearerToken: 5 as unknown as string }, "bearerToken must be a non-empty string"],
      [prefix, { apiKey: "k" }, "url must be a URL"],
    ];
    for (const [url, credential, message] of cases) {
      expect(() => appendCredentialQuery(url as URL, credential)).toThrow(TypeError);
      expect(() => appendCredentialQuery(url as URL, credential)).toThrow(message);
    }
  });
});
