import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKLET_MODULE_SOURCE } from "../../src/browser/worklet-module.js";
import { QUESTION_WAV, skipBrowserTests, TEST_PAGE_HTML } from "./chromium.js";
import { openTestPage, runScenario, type OpenTestPage } from "./test-page.js";

// A page whose policy allows only same-origin scripts: no blob: worklets.
const STRICT_CSP = "default-src 'self'; script-src 'self'";

describe.skipIf(skipBrowserTests())("worklet loading and device errors in Chromium", () => {
  let opened: OpenTestPage;

  beforeAll(async () => {
    opened = await openTestPage(
      { fakeMicrophoneWav: QUESTION_WAV },
      {
        "/strict.html": { body: TEST_PAGE_HTML, type: "text/html; charset=utf-8", headers: { "content-security-policy": STRICT_CSP } },
        "/voicelive-worklets.js": { body: WORKLET_MODULE_SOURCE, type: "text/javascript" },
      },
      "/strict.html",
    );
  });

  afterAll(async () => {
    await opened?.close();
  });

  it("fails with worklet_failed when a strict Content-Security-Policy forbids the blob: module", async () => {
    const result = await runScenario(opened.page, "speakerStart", {});
    expect(result).toMatchObject({ ok: false, error: { name: "VoiceLiveAudioError", code: "worklet_failed" } });
  });

  it("plays from a hosted worklet module given as workletUrl under the same policy", async () => {
    const result = await runScenario(opened.page, "speakerStart", { workletUrl: "/voicelive-worklets.js" });
    expect(result).toEqual({ ok: true, playedMs: 100 });
  });

  it("rejects an unknown deviceId with device_unavailable", async () => {
    const result = await runScenario(opened.page, "micStart", { deviceId: "no-such-device" });
    expect(result).toMatchObject({ ok: false, error: { name: "VoiceLiveAudioError", code: "device_unavailable" } });
  });
});
