import { AzureLogger, setLogLevel } from "@azure/logger";
import { afterAll, beforeAll, expect } from "vitest";

/** A recognisable key and token the secret-hygiene tests feed through the SDK. */
export const KEY = "SECRET-k3y-4f9a2b7c";
export const TOKEN = "eyJSECRET.t0ken.9d8e7f";

const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")];
/** Each secret raw, URL-encoded and base64-encoded: none may appear anywhere shown. */
export const SECRET_FORMS = [...forms(KEY), ...forms(TOKEN)];

/** Captures every `@azure/logger` line at verbose level for the test file; returns the live list. */
export function captureLogs(): string[] {
  const logs: string[] = [];
  const originalLog = AzureLogger.log;
  beforeAll(() => {
    setLogLevel("verbose");
    AzureLogger.log = (...args: unknown[]) => logs.push(args.map(String).join(" "));
  });
  afterAll(() => {
    AzureLogger.log = originalLog;
    setLogLevel("warning");
  });
  return logs;
}

/** Fails naming the form of the first secret found in any of the texts. */
export function expectNoSecret(texts: readonly string[]): void {
  const all = texts.join("\n");
  for (const form of SECRET_FORMS) expect(all, `leaked ${form}`).not.toContain(form);
}
