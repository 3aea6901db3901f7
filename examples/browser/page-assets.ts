/**
 * What the browser example serves: index.html, app.ts bundled for the browser, the
 * AudioWorklet module as a same-origin file, and the Content-Security-Policy they run
 * under. server.ts serves them; test/browser/e2e-relay.test.ts serves the same files.
 *
 * The bundle is built in memory (esbuild `write: false`), so nothing is written to disk.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** A file of the example page. */
export interface PageAsset {
  readonly body: string;
  readonly type: string;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * A strict policy: scripts only from the page's origin (so the worklet module is a hosted
 * file, not a blob: URL), sockets only to the page's origin (the relay), inline styles for
 * the single-file page, nothing else.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Bundles app.ts (esbuild, platform browser, ES modules) and returns the page's files by
 * path. `workletModuleSource` is `WORKLET_MODULE_SOURCE` from `voicelive-client/browser`
 * (the same text as the package's `dist/browser/worklets.js`).
 */
export async function buildExamplePage(workletModuleSource: string): Promise<Record<string, PageAsset>> {
  const result = await build({
    entryPoints: [here("./app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    sourcemap: "inline",
    logLevel: "silent",
  });
  const bundle = result.outputFiles[0];
  if (bundle === undefined) throw new Error("esbuild produced no output for examples/browser/app.ts.");
  return {
    "/": { body: await readFile(here("./index.html"), "utf8"), type: "text/html; charset=utf-8" },
    "/app.js": { body: bundle.text, type: "text/javascript; charset=utf-8" },
    "/voicelive-worklets.js": { body: workletModuleSource, type: "text/javascript; charset=utf-8" },
  };
}

/**
 * An HTTP request listener that answers GET and HEAD for `assets` (with the policy above
 * and `no-store`), 404 for other paths and 405 for other methods. WebSocket upgrades never
 * reach it: the relay takes those.
 */
export function servePage(assets: Readonly<Record<string, PageAsset>>): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const asset = assets[new URL(request.url ?? "/", "http://localhost").pathname];
    if (asset === undefined) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": asset.type,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : asset.body);
  };
}
