import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** The wire examples from shared/protocol/examples.jsonl, one raw event per line, with their line numbers. */
export function loadProtocolExamples(): { line: number; text: string; event: Record<string, unknown> & { type: string } }[] {
  return readFileSync(`${fixtures}protocol-examples.jsonl`, "utf8")
    .split("\n")
    .map((text, index) => ({ line: index + 1, text }))
    .filter(({ text }) => text.trim() !== "")
    .map(({ line, text }) => ({ line, text, event: JSON.parse(text) as Record<string, unknown> & { type: string } }));
}
