// @ts-check
import { builtinModules } from "node:module";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Browser-only globals: the core must run in Node and browsers alike (ARCHITECTURE rule 3). */
const domGlobals = [
  "window",
  "document",
  "navigator",
  "location",
  "localStorage",
  "sessionStorage",
  "AudioContext",
  "OfflineAudioContext",
  "AudioWorkletNode",
  "AudioWorkletProcessor",
  "MediaStream",
  "MediaStreamTrack",
  "HTMLElement",
  "requestAnimationFrame",
].map((name) => ({ name, message: "DOM and Web Audio globals belong in src/browser/." }));

const noIdentity = {
  group: ["@azure/identity", "@azure/identity/*"],
  message: "src/ accepts TokenCredential from @azure/core-auth; @azure/identity is for examples and tests.",
};
// Exact names, not patterns: gitignore-style patterns would also match "./events/…".
const noNodeBuiltins = nodeBuiltins.map((name) => ({
  name,
  message: "Node built-ins belong in src/node/ or src/testing/ (ARCHITECTURE rule 3).",
}));
const noDirectWs = {
  group: ["ws", "isomorphic-ws"],
  message: "The WebSocket implementation is imported only in src/transport/web-socket-impl.ts.",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "docs/api/**", "coverage/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts"],
    languageOptions: { globals: { ...globals["shared-node-browser"] } },
    rules: {
      "no-restricted-imports": ["error", { paths: noNodeBuiltins, patterns: [noIdentity, noDirectWs] }],
      "no-restricted-globals": ["error", ...domGlobals, { name: "process", message: "process is Node-only; use it in src/node/ or src/testing/." }, { name: "Buffer", message: "Buffer is Node-only; detect it through globalThis where a fast path needs it." }],
    },
  },
  {
    files: ["src/transport/web-socket-impl.ts"],
    rules: { "no-restricted-imports": ["error", { paths: noNodeBuiltins, patterns: [noIdentity] }] },
  },
  {
    files: ["src/node/**/*.ts", "src/testing/**/*.ts", "src/cli/**/*.ts"],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "no-restricted-imports": ["error", { patterns: [noIdentity] }],
      "no-restricted-globals": ["error", ...domGlobals],
    },
  },
  {
    files: ["src/browser/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, ...globals.audioWorklet } },
    rules: {
      "no-restricted-imports": ["error", { paths: noNodeBuiltins, patterns: [noIdentity, noDirectWs] }],
      "no-restricted-globals": "off",
    },
  },
);
