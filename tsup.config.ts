import { defineConfig } from "tsup";

const entry = {
  index: "src/index.ts",
  "node/index": "src/node/index.ts",
  "browser/index": "src/browser/index.ts",
  "testing/index": "src/testing/index.ts",
};
const common = { target: "es2022", sourcemap: true, clean: false } as const;

// `npm run build` empties dist/ first; the three builds below write side by side.
export default defineConfig([
  {
    // ESM, one file per source module, as written: an app's bundler then sees our module
    // graph (with `sideEffects: false`), drops what the app does not use, and splits the
    // session's deferred modules into their own chunk. A pre-bundled ESM build merges
    // modules into shared chunks that a bundler can no longer take apart.
    ...common,
    entry: ["src/**/*.ts", "!src/cli/**"],
    format: ["esm"],
    bundle: false,
  },
  {
    // CommonJS, bundled per entry (require() users get no tree-shaking either way).
    ...common,
    entry,
    format: ["cjs"],
    splitting: false,
    treeshake: true,
  },
  {
    // Type declarations for both: .d.ts next to the ESM entries, .d.cts for CommonJS.
    ...common,
    entry,
    format: ["esm", "cjs"],
    dts: { only: true },
  },
  {
    ...common,
    entry: { "cli/voicelive": "src/cli/voicelive.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
