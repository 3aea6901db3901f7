/** Browser bundle sizes with esbuild: minified, platform browser, then gzip level 9. */
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

export interface BundleSize {
  readonly name: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
}

export async function bundleSize(name: string, contents: string, root: string, alias?: Record<string, string>): Promise<BundleSize | { name: string; error: string }> {
  try {
    const plugins: Plugin[] = [];
    const result = await build({
      stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "bench-entry.ts" },
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' },
      ...(alias ? { alias } : {}),
      plugins,
    });
    const bytes = result.outputFiles[0]!.contents;
    return { name, minBytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength };
  } catch (error) {
    return { name, error: (error as Error).message.split("\n")[0]!.slice(0, 160) };
  }
}
