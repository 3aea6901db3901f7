/**
 * Opens the test bundle (`page/entry.ts`) in Chromium, for tests that call its scenarios.
 */
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchChromium, serveTestBundle, type LaunchOptions, type StaticFile, type StaticServer, type TestBrowser } from "./chromium.js";
import type { VoiceLiveTestPage } from "./page/entry.js";

/** The page entry every browser test here bundles. */
export const TEST_ENTRY = fileURLToPath(new URL("./page/entry.ts", import.meta.url));

/** A browser, a server and a page with `window.voicelive` loaded. */
export interface OpenTestPage {
  readonly page: Page;
  readonly browser: TestBrowser;
  readonly server: StaticServer;
  close(): Promise<void>;
}

/** Launches Chromium, serves the test bundle on 127.0.0.1:0 and opens it (at `path`, from `extra` files when given). */
export async function openTestPage(options: LaunchOptions = {}, extra: Readonly<Record<string, StaticFile>> = {}, path = "/"): Promise<OpenTestPage> {
  const server = await serveTestBundle(TEST_ENTRY, extra);
  let browser: TestBrowser | undefined;
  try {
    browser = await launchChromium(options);
    const page = await browser.newPage();
    await page.goto(`${server.origin}${path}`);
    await page.waitForFunction(() => "voicelive" in globalThis);
    const opened = browser;
    return {
      page,
      browser: opened,
      server,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** The scenarios the page offers. */
export type Scenarios = VoiceLiveTestPage["scenarios"];

/** Runs a scenario in the page and returns its result. */
export function runScenario<K extends keyof Scenarios>(
  page: Page,
  name: K,
  argument: Parameters<Scenarios[K]>[0],
): Promise<Awaited<ReturnType<Scenarios[K]>>> {
  return page.evaluate(
    ([scenario, value]) => {
      const run = (globalThis as unknown as { voicelive: { scenarios: Record<string, (value: unknown) => unknown> } }).voicelive.scenarios[scenario]!;
      return run(value);
    },
    [name, argument] as const,
  ) as Promise<Awaited<ReturnType<Scenarios[K]>>>;
}
