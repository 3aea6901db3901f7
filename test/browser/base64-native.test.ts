import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipBrowserTests } from "./chromium.js";
import { openTestPage, runScenario, type OpenTestPage } from "./test-page.js";

describe.skipIf(skipBrowserTests())("base64 native backend in Chromium", () => {
  let opened: OpenTestPage;

  beforeAll(async () => {
    opened = await openTestPage({ autoplay: false });
  });

  afterAll(async () => {
    await opened?.close();
  });

  it("encodes and decodes random bytes exactly as the table backend, and agrees with it on every malformed input", async () => {
    const result = await runScenario(opened.page, "base64Agreement", 2000);
    console.info(`[base64 in Chromium] backend ${result.backend}: ${result.cases} random cases, ${result.malformed} malformed inputs, ${result.mismatches.length} mismatches`);
    expect(result.backend).toBe("native");
    expect(result.mismatches).toEqual([]);
  });
});
