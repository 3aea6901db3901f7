/**
 * `npm run bench:pool -- A.json B.json …`: the targets judged over the runs of several
 * invocations of `npm run bench`, from the raw figures each writes to
 * $TMPDIR/voicelive-bench.json (copy it aside after each). Every ratio is still paired
 * within its own invocation; see `lib/pool.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { otherMeasure, pooledHeading, poolResults, withPooledSection } from "./lib/pool.js";
import { targetsTable, type Results } from "./lib/report.js";

interface Invocation {
  readonly runs: number;
  readonly size: Record<string, number>;
  readonly quick: boolean;
  readonly results: Results;
}

function main(): void {
  const args = process.argv.slice(2);
  const write = args.includes("--write");
  const files = args.filter((arg) => arg !== "--write");
  if (files.length < 2) {
    console.error("usage: npm run bench:pool -- [--write] A.json B.json …  (two or more raw results of npm run bench; --write puts the table in docs/benchmarks.md)");
    process.exit(2);
  }
  const invocations = files.map((file) => {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Invocation>;
    if (typeof parsed.size !== "object" || typeof parsed.results?.receive !== "object" || !Array.isArray(parsed.results.bundles)) {
      throw new Error(`${file} is not the raw output of npm run bench`);
    }
    return parsed as Invocation;
  });
  const other = otherMeasure(invocations.map((inv) => inv.size));
  if (other !== undefined) throw new Error(`${files[other]} measured with other sizes than ${files[0]}: pool only runs of the same measure`);
  const pooled = poolResults(invocations.map((inv) => inv.results));
  const counts = (series: string, runs: Record<string, unknown[]> | undefined): string | undefined =>
    runs === undefined ? undefined : `${series}: ${Object.entries(runs).map(([who, list]) => `${who} ${list.length}`).join(", ")}`;
  console.log(`Pooled ${files.length} invocations: ${files.join(", ")}`);
  const summary: string[] = [];
  for (const line of [
    ...Object.entries(pooled.receive).map(([ms, runs]) => counts(`receive ${ms} ms`, runs)),
    counts("send", pooled.send),
    counts("connect, early", pooled.connect),
    counts("connect, steady state", pooled.connectSteady),
    counts("connect, early, feedback up front", pooled.connectEager),
    counts("memory", pooled.memory),
    counts("pipeline", pooled.pipeline),
  ]) {
    if (line !== undefined) summary.push(`- ${line}`);
  }
  const table = targetsTable(pooled, invocations[0]!.size);
  console.log([...summary, "", ...table].join("\n"));
  if (!write) return;
  const page = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "benchmarks.md");
  const section = [
    pooledHeading,
    "",
    `Written by \`npm run bench:pool\` on ${new Date().toISOString().slice(0, 10)} from the raw figures of ${files.length} invocations of \`npm run bench\` (this page's and others, some with \`--only\`), each ratio paired within its own invocation. Runs per series:`,
    "",
    ...summary,
    "",
    ...table,
  ].join("\n");
  writeFileSync(page, withPooledSection(readFileSync(page, "utf8"), section));
  console.log(`wrote the pooled targets into ${page}`);
}

try {
  main();
} catch (error) {
  console.error(`bench:pool: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
