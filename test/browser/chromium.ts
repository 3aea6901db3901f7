/**
 * Shared plumbing for tests in real Chromium: Debian's `/usr/bin/chromium` driven by
 * playwright-core, a fresh profile per launch, a loopback-only static server, and an
 * esbuild bundle of a test entry. Nothing here contacts any address but 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Where Debian installs Chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The flags every test browser runs with. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The spoken-question fixture Chromium's fake microphone loops. */
export const QUESTION_WAV = fileURLToPath(new URL("../fixtures/audio/question-48k.wav", import.meta.url));

/**
 * Why browser tests cannot run here, or `undefined` when they can. With `CI=true` a missing
 * Chromium is an error, not a skip: CI must run the browser suite.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `${CHROMIUM_PATH} is missing; install it with: apt-get update && apt-get install -y chromium`;
  if (process.env.CI === "true") throw new Error(`Browser tests must run in CI, but ${reason}`);
  return reason;
}

let announced = false;

/** True when browser tests should be skipped; prints the reason once per test file. */
export function skipBrowserTests(): boolean {
  const reason = browserSkipReason();
  if (reason !== undefined && !announced) {
    announced = true;
    console.warn(`[browser tests skipped] ${reason}`);
  }
  return reason !== undefined;
}

/** Options for `launchChromium`. */
export interface LaunchOptions {
  /** A WAV file the fake microphone plays in a loop; also grants microphone permission. */
  readonly fakeMicrophoneWav?: string;
  /**
   * Adds `--autoplay-policy=no-user-gesture-required`. (Headless Chromium 156 starts an
   * AudioContext running even with `user-gesture-required`, so the gesture path cannot be
   * observed here; `resume-on-user-gesture.test.ts` covers it with a fake context.) @default true
   */
  readonly autoplay?: boolean;
}

/** A launched browser (one persistent context) whose requests may only go to 127.0.0.1. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Opens a page; console errors and page errors are collected in `errors`. */
  newPage(): Promise<Page>;
  readonly errors: string[];
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with the test flags and a fresh profile directory. playwright-core
 * refuses `--user-data-dir` in `launch()` args, so the fresh directory goes through
 * `launchPersistentContext`, which passes it as that flag.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "voicelive-chromium-"));
  const args = [...CHROMIUM_FLAGS];
  if (options.fakeMicrophoneWav !== undefined) {
    args.push("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`);
  }
  if (options.autoplay ?? true) args.push("--autoplay-policy=no-user-gesture-required");
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  // A test page must never reach the network: anything not on loopback is refused.
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort("blockedbyclient"));
  const errors: string[] = [];
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A file the static server serves. */
export interface StaticFile {
  readonly body: string | Uint8Array;
  readonly type: string;
  /** Extra response headers (e.g. a Content-Security-Policy). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A loopback HTTP server for test pages. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serves `files` (keyed by path, e.g. `/index.html`) on 127.0.0.1 at a free port. */
export async function startStaticServer(files: Readonly<Record<string, StaticFile>>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const file = files[path === "/" ? "/index.html" : path];
    if (file === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { ...file.headers, "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Bundles a TypeScript entry into one browser script (an IIFE) in a temp dir and returns its text. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "voicelive-bundle-"));
  try {
    const outfile = join(outDir, "bundle.js");
    await build({ entryPoints: [entry], bundle: true, format: "iife", platform: "browser", target: "chrome120", outfile, logLevel: "silent" });
    return readFileSync(outfile, "utf8");
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** A minimal page that loads `/bundle.js`. */
export const TEST_PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>voicelive browser test</title></head><body><script src="/bundle.js"></script></body></html>`;

/** Serves `TEST_PAGE_HTML` and a bundle of `entry`; add `extra` files as needed. */
export async function serveTestBundle(entry: string, extra: Readonly<Record<string, StaticFile>> = {}): Promise<StaticServer> {
  const bundle = await bundleForBrowser(entry);
  return startStaticServer({
    "/index.html": { body: TEST_PAGE_HTML, type: "text/html; charset=utf-8" },
    "/bundle.js": { body: bundle, type: "text/javascript" },
    ...extra,
  });
}
