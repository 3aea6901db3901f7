/**
 * Browser bundle sizes as an app's bundler makes them from the built package: esbuild,
 * minified, platform browser, code splitting on (dynamic imports become their own
 * chunks), then gzip level 9. "Initial" is the entry chunk plus every chunk it imports
 * statically: what a page must load before it can call the import. "Total" adds the
 * chunks loaded later by dynamic import.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

export interface BundleSize {
  readonly name: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly totalMinBytes: number;
  readonly totalGzipBytes: number;
  /** The largest contributors to the initial chunk, minified bytes, by package or source folder. */
  readonly initialParts: readonly { readonly part: string; readonly bytes: number }[];
}

/** `node_modules/zod/v4/core/schemas.js` → `zod`; `…/voicelive-client/dist/client/x.js` → `client/x`. */
function partOf(input: string): string {
  const ours = /dist\/(.+)\.js$/.exec(input);
  if (ours && !input.includes("node_modules/")) return ours[1]!;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return pkg ? pkg[1]! : input;
}

/** A directory where `voicelive-client` resolves to this checkout's built package, as after `npm install`. */
export function installedPackageDir(root: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "voicelive-bundle-"));
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(root, path.join(dir, "node_modules", "voicelive-client"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The output chunks a page loads before it can run the entry: the entry and what it imports statically. */
export function initialChunks(metafile: Metafile): Set<string> {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  const initial = new Set<string>();
  const visit = (k: string): void => {
    if (initial.has(k)) return;
    initial.add(k);
    for (const i of outputs[k]!.imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(entry);
  return initial;
}

const gzip = (chunks: readonly Uint8Array[]): number => gzipSync(Buffer.concat(chunks), { level: 9 }).byteLength;
const bytes = (chunks: readonly Uint8Array[]): number => chunks.reduce((sum, c) => sum + c.byteLength, 0);

export async function bundleSize(name: string, contents: string, resolveDir: string, alias?: Record<string, string>): Promise<BundleSize | { name: string; error: string }> {
  try {
    const outdir = path.join(os.tmpdir(), "voicelive-bundle-out");
    const result = await build({
      stdin: { contents, resolveDir, loader: "js", sourcefile: "bench-entry.js" },
      bundle: true,
      splitting: true,
      outdir,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' },
      ...(alias ? { alias } : {}),
    });
    const outputs = result.metafile.outputs;
    const files = new Map(result.outputFiles.map((f) => [path.relative(process.cwd(), f.path), f.contents]));
    const initial = initialChunks(result.metafile);
    const pick = (keys: Iterable<string>) => [...keys].map((k) => files.get(k)!);
    const all = Object.keys(outputs).filter((k) => k.endsWith(".js"));
    const parts = new Map<string, number>();
    for (const k of initial) {
      for (const [input, info] of Object.entries(outputs[k]!.inputs)) {
        const part = partOf(input);
        parts.set(part, (parts.get(part) ?? 0) + info.bytesInOutput);
      }
    }
    return {
      name,
      initialParts: [...parts].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]).map(([part, bytes]) => ({ part, bytes })),
      minBytes: bytes(pick(initial)),
      gzipBytes: gzip(pick(initial)),
      totalMinBytes: bytes(pick(all)),
      totalGzipBytes: gzip(pick(all)),
    };
  } catch (error) {
    return { name, error: (error as Error).message.split("\n")[0]!.slice(0, 160) };
  }
}
