import { describe, expect, it } from "vitest";
import { buildVoiceLiveUrl, type VoiceLiveUrlOptions } from "../../../src/url/index.js";

const endpoint = "https://my-res.services.ai.azure.com";
const href = (options: Partial<VoiceLiveUrlOptions>) =>
  buildVoiceLiveUrl({ endpoint, ...options } as VoiceLiveUrlOptions).href;
const errorOf = (options: Partial<VoiceLiveUrlOptions>): unknown => {
  try {
    buildVoiceLiveUrl({ endpoint, ...options } as VoiceLiveUrlOptions);
  } catch (error) {
    return error;
  }
  return undefined;
};
const expectTypeError = (options: Partial<VoiceLiveUrlOptions>, ...fragments: string[]) => {
  const error = errorOf(options);
  expect(error).toBeInstanceOf(TypeError);
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
  return (error as Error).message;
};

describe("buildVoiceLiveUrl endpoints", () => {
  it("turns a Foundry endpoint into the realtime WebSocket URL with the default api-version", () => {
    expect(href({ model: "gpt-realtime" })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime",
    );
  });

  it("accepts the older cognitiveservices host and ignores a trailing slash", () => {
    expect(href({ endpoint: "https://old-res.cognitiveservices.azure.com/", model: "gpt-4o" })).toBe(
      "wss://old-res.cognitiveservices.azure.com/voice-live/realtime?api-version=2025-10-01&model=gpt-4o",
    );
  });

  it("keeps a port and a gateway base path", () => {
    expect(href({ endpoint: "https://gateway.example.com:8443/ai/voice/", model: "gpt-realtime" })).toBe(
      "wss://gateway.example.com:8443/ai/voice/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime",
    );
  });

  it("accepts wss:// as is and does not double a realtime path that is already there", () => {
    expect(href({ endpoint: "wss://my-res.services.ai.azure.com", model: "m" })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=m",
    );
    expect(href({ endpoint: "wss://my-res.services.ai.azure.com/voice-live/realtime/", model: "m" })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=m",
    );
  });

  it("lowercases the host and tolerates surrounding whitespace", () => {
    expect(href({ endpoint: "  https://My-Res.Services.AI.Azure.com\n", model: "m" })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=m",
    );
  });

  it("allows http:// and ws:// on loopback hosts only with allowInsecureConnection", () => {
    const insecure = { allowInsecureConnection: true, model: "m" };
    expect(href({ ...insecure, endpoint: "http://127.0.0.1:8080" })).toBe(
      "ws://127.0.0.1:8080/voice-live/realtime?api-version=2025-10-01&model=m",
    );
    expect(href({ ...insecure, endpoint: "ws://localhost:3000/sim" })).toBe(
      "ws://localhost:3000/sim/voice-live/realtime?api-version=2025-10-01&model=m",
    );
    expect(href({ ...insecure, endpoint: "http://[::1]:9000" })).toBe(
      "ws://[::1]:9000/voice-live/realtime?api-version=2025-10-01&model=m",
    );
    expect(href({ ...insecure, endpoint: "http://127.5.6.7" })).toBe(
      "ws://127.5.6.7/voice-live/realtime?api-version=2025-10-01&model=m",
    );
  });

  it("refuses an unencrypted endpoint without allowInsecureConnection", () => {
    expectTypeError({ endpoint: "http://127.0.0.1:8080", model: "m" }, "endpoint", "allowInsecureConnection");
    expectTypeError({ endpoint: "ws://localhost", model: "m" }, "endpoint", "allowInsecureConnection");
  });

  it("refuses an unencrypted endpoint on a host that is not loopback even when insecure is allowed", () => {
    for (const endpoint of ["http://my-res.services.ai.azure.com", "ws://10.0.0.1", "http://localhost.example.com"]) {
      expectTypeError({ endpoint, model: "m", allowInsecureConnection: true }, "endpoint", "loopback");
    }
  });

  it("refuses an endpoint with credentials, a query or a fragment without echoing it", () => {
    const cases = [
      "https://user:secret-password@my-res.services.ai.azure.com",
      "https://my-res.services.ai.azure.com/?api-key=secret-key",
      "https://my-res.services.ai.azure.com#secret-fragment",
    ];
    for (const endpoint of cases) {
      const message = expectTypeError({ endpoint, model: "m" }, "endpoint");
      expect(message).not.toContain("secret");
    }
  });

  it("refuses non-string, unparsable and non-web endpoints", () => {
    expectTypeError({ endpoint: undefined as unknown as string, model: "m" }, "endpoint must be a string");
    expectTypeError({ endpoint: new URL(endpoint) as unknown as string, model: "m" }, "endpoint must be a string");
    expectTypeError({ endpoint: "my-res.services.ai.azure.com", model: "m" }, "endpoint", "https://");
    expectTypeError({ endpoint: "not a url", model: "m" }, "endpoint");
    expectTypeError({ endpoint: "ftp://my-res.services.ai.azure.com", model: "m" }, "endpoint", "https:// or wss://");
    const message = expectTypeError({ endpoint: "supersecret:value", model: "m" }, "endpoint");
    expect(message).not.toContain("supersecret");
  });
});

describe("buildVoiceLiveUrl query", () => {
  it("writes api-version, model, profile and foundry-resource-override in that order for BYOM", () => {
    expect(
      href({
        endpoint: "https://my-res.cognitiveservices.azure.com",
        apiVersion: "2026-04-10",
        foundryResourceOverride: "my-foundry-resource",
        profile: "byom-azure-openai-chat-completion",
        model: "my-gpt-4.1_deployment",
      }),
    ).toBe(
      "wss://my-res.cognitiveservices.azure.com/voice-live/realtime?api-version=2026-04-10" +
        "&model=my-gpt-4.1_deployment&profile=byom-azure-openai-chat-completion&foundry-resource-override=my-foundry-resource",
    );
  });

  it("accepts a well-formed profile the SDK does not know yet", () => {
    expect(href({ model: "claude-sonnet-4.6", profile: "byom-some-future-mode2" })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=claude-sonnet-4.6&profile=byom-some-future-mode2",
    );
  });

  it("writes every agent key in order and no model in agent mode", () => {
    expect(
      href({
        foundryResourceOverride: "other-res",
        agent: {
          name: "support-agent",
          projectName: "my-project",
          version: "3",
          conversationId: "conv_abc123",
          authenticationIdentityClientId: "11111111-2222-3333-4444-555555555555",
        },
      }),
    ).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&foundry-resource-override=other-res" +
        "&agent-name=support-agent&agent-project-name=my-project&agent-version=3&conversation-id=conv_abc123" +
        "&agent-authentication-identity-client-id=11111111-2222-3333-4444-555555555555",
    );
    expect(href({ agent: { name: "a", projectName: "p" } })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&agent-name=a&agent-project-name=p",
    );
  });

  it("appends extra query entries last, in their given order", () => {
    expect(href({ model: "m", query: { "x-trace": "abc", deployment: "eu:1" } })).toBe(
      "wss://my-res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=m&x-trace=abc&deployment=eu:1",
    );
  });

  it("requires model outside agent mode and refuses model or profile in agent mode", () => {
    expectTypeError({}, "model is required", "agent");
    expectTypeError({ profile: "byom-azure-openai-realtime" }, "profile requires model");
    expectTypeError({ model: "m", agent: { name: "a", projectName: "p" } }, "model", "agent");
    expectTypeError({ profile: "byom-azure-openai-realtime", agent: { name: "a", projectName: "p" } }, "profile", "agent");
  });

  it("names the agent field that is missing or malformed", () => {
    expectTypeError({ agent: { projectName: "p" } as never }, "agent.name", "got undefined");
    expectTypeError({ agent: { name: "a" } as never }, "agent.projectName");
    expectTypeError({ agent: { name: "a", projectName: "p", version: "" } }, "agent.version", "it is empty");
    expectTypeError({ agent: { name: "a", projectName: "p", conversationId: "c#1" } }, "agent.conversationId", '"#"');
    expectTypeError({ agent: { name: "a", projectName: "p", authenticationIdentityClientId: "x y" } }, "agent.authenticationIdentityClientId");
    expectTypeError({ agent: "support-agent" as never }, "agent must be an object");
  });

  it("refuses values that could add keys, end the query or hide whitespace and control characters", () => {
    expectTypeError({ model: "m&api-key=x" }, "model", '"&" (U+0026)', "A-Z a-z 0-9 . _ ~ : -");
    expectTypeError({ model: "m=x" }, "model", '"="');
    expectTypeError({ model: "m#x" }, "model", '"#"');
    expectTypeError({ model: "m?x" }, "model", '"?"');
    expectTypeError({ model: "m%26x" }, "model", '"%"');
    expectTypeError({ model: "my model" }, "model", "U+0020");
    expectTypeError({ model: "m\u0000" }, "model", "U+0000");
    expectTypeError({ model: " m" }, "model", "leading or trailing whitespace");
    expectTypeError({ model: "" }, "model", "it is empty");
    expectTypeError({ model: "é" }, "model", "U+00E9");
    expectTypeError({ model: "a".repeat(257) }, "model", "257 characters long");
    expectTypeError({ model: 42 as unknown as string }, "model", "got number");
    expectTypeError({ model: "m", apiVersion: "2025-10-01&x=1" }, "apiVersion");
    expectTypeError({ model: "m", foundryResourceOverride: "res/other" }, "foundryResourceOverride", '"/"');
  });

  it("refuses a profile that is not lowercase hyphenated words", () => {
    for (const profile of ["BYOM-X", "byom_x", "byom--x", "-byom", "byom x", ""]) {
      expectTypeError({ model: "m", profile }, "profile must be lowercase", "byom-azure-openai-realtime");
    }
  });

  it("refuses extra query entries that replace reserved keys in any casing or carry credentials", () => {
    expectTypeError({ model: "m", query: { model: "other" } }, 'query must not contain "model"');
    expectTypeError({ model: "m", query: { "API-Version": "v1" } }, 'query must not contain "API-Version"');
    expectTypeError({ model: "m", query: { "Agent-Name": "x" } }, 'query must not contain "Agent-Name"');
    expectTypeError({ model: "m", query: { "api-key": "k" } }, 'query must not contain "api-key"', "credential");
    expectTypeError({ model: "m", query: { Authorization: "Bearer" } }, 'query must not contain "Authorization"', "credential");
  });

  it("refuses malformed extra keys and values and names the entry", () => {
    expectTypeError({ model: "m", query: { "a&b": "1" } }, "query keys", '"&"');
    expectTypeError({ model: "m", query: { "": "1" } }, "query keys", "is empty");
    expectTypeError({ model: "m", query: { trace: "a b" } }, 'query["trace"]', "U+0020");
    expectTypeError({ model: "m", query: { trace: 1 as unknown as string } }, 'query["trace"]', "got number");
    expectTypeError({ model: "m", query: [] as unknown as Record<string, string> }, "query must be an object");
  });

  it("refuses a non-boolean allowInsecureConnection and a missing options object", () => {
    expectTypeError({ model: "m", allowInsecureConnection: "yes" as unknown as boolean }, "allowInsecureConnection must be a boolean");
    expect(() => buildVoiceLiveUrl(undefined as unknown as VoiceLiveUrlOptions)).toThrow(TypeError);
  });
});
