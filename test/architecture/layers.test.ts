import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../src/", import.meta.url));

/**
 * What each folder of src/ may import (ARCHITECTURE.md, "Layers"). Imports flow
 * downward; a folder not listed may import nothing from the others.
 */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  encoding: [],
  protocol: ["errors"],
  events: ["errors", "encoding", "protocol"],
  transport: ["errors", "encoding"],
  url: ["errors", "protocol"],
  auth: ["errors", "protocol"],
  audio: ["errors", "encoding", "protocol", "events"],
  client: ["errors", "encoding", "protocol", "events", "transport", "url", "auth", "audio"],
  node: ["errors", "encoding", "protocol", "events", "transport", "url", "auth", "audio"],
  browser: ["errors", "encoding", "protocol", "events", "transport", "audio"],
  testing: ["errors", "encoding", "protocol", "events", "url", "auth", "audio", "node"],
  cli: ["errors", "encoding", "protocol", "events", "transport", "url", "auth", "audio", "client", "node", "testing"],
  // The root entry files: src/index.ts exposes the runtime-neutral core.
  ".": ["errors", "encoding", "protocol", "events", "transport", "url", "auth", "audio", "client"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const layerOf = (file: string): string => {
  const [first, second] = relative(root, file).split(sep);
  return second === undefined ? "." : first!;
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!).filter((s) => s.startsWith("."));
}

/** Every import that crosses folders against the table, as `from → to (file)`. */
export function layerViolations(files: readonly string[], read: (file: string) => string[] = importsOf): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const specifier of read(file)) {
      const to = layerOf(resolve(dirname(file), specifier));
      if (to === from) continue;
      if (!(ALLOWED[from] ?? []).includes(to)) violations.push(`${from} → ${to} (${relative(root, file)} imports ${specifier})`);
    }
  }
  return violations;
}

describe("layer order", () => {
  const files = sourceFiles(root);

  it("finds the source files it checks", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("has no import that runs against the layer order", () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it("flags an upward import, so the check itself works", () => {
    const fakeFile = join(root, "protocol", "session.ts");
    expect(layerViolations([fakeFile], () => ["../client/voice-live-session.js", "./voice.js", "../errors/index.js"])).toEqual([
      "protocol → client (protocol/session.ts imports ../client/voice-live-session.js)",
    ]);
  });

  it("keeps the browser and node adapters apart", () => {
    const fakeFile = join(root, "browser", "speaker-sink.ts");
    expect(layerViolations([fakeFile], () => ["../node/wav-file-sink.js"])).toHaveLength(1);
  });
});
