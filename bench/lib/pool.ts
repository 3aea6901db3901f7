/**
 * Pools the raw figures of several `npm run bench` invocations, so that a verdict near its
 * goal can be judged over runs taken at different times (this VM's speed drifts over an
 * hour, and the runs within one invocation share its state). Each ratio stays within its
 * own invocation: a run is only ever paired with the floor's run of the same invocation
 * and index, as `report.ts` pairs them.
 */
import type { Results } from "./report.js";

type Runs = Record<string, Record<string, number>[]>;

/**
 * One series' runs from several invocations. Within an invocation, every contender either
 * has all of the floor's runs, or only its first ones (the contenders that are compared but
 * not judged, see `schedule.ts`), which the report pairs with the floor's first runs. The
 * pooled series keeps that shape: the first runs of every invocation come first, in
 * invocation order, then the rest of the longer contenders' runs.
 * @throws Error when a contender is missing from an invocation that has the series, or
 *   has neither the shared number of runs nor the floor's.
 */
export function poolRuns(invocations: readonly Runs[]): Runs {
  const names = new Set(invocations.flatMap((runs) => Object.keys(runs)));
  const head: Runs = {};
  const tail: Runs = {};
  invocations.forEach((runs, index) => {
    const lengths = [...names].map((name) => {
      const list = runs[name];
      if (list === undefined) throw new Error(`invocation ${index + 1} has no runs of ${name}: its pairs with the floor would not line up`);
      return list.length;
    });
    const shared = Math.min(...lengths);
    const full = Math.max(...lengths);
    // The report pairs with the floor's runs: the floor must have them all.
    if (runs["floor"] !== undefined && runs["floor"].length !== full) throw new Error(`invocation ${index + 1} has fewer runs of floor (${runs["floor"].length}) than of another contender (${full})`);
    for (const name of names) {
      const list = runs[name]!;
      if (list.length !== shared && list.length !== full) {
        throw new Error(`invocation ${index + 1} has ${list.length} runs of ${name}: expected ${shared} or ${full}`);
      }
      (head[name] ??= []).push(...list.slice(0, shared));
      (tail[name] ??= []).push(...list.slice(shared));
    }
  });
  const pooled: Runs = {};
  for (const name of names) pooled[name] = [...head[name]!, ...tail[name]!];
  return pooled;
}

type Series = "send" | "connect" | "connectSteady" | "connectEager" | "memory" | "pipeline";
const SERIES: readonly Series[] = ["send", "connect", "connectSteady", "connectEager", "memory", "pipeline"];

/** Every series pooled over the invocations that measured it; bundle sizes (exact, not sampled) from the last that did. */
export function poolResults(invocations: readonly Results[]): Results {
  const pool = (lists: (Runs | undefined)[]): Runs | undefined => {
    const present = lists.filter((runs): runs is Runs => runs !== undefined && Object.keys(runs).length > 0);
    return present.length > 0 ? poolRuns(present) : undefined;
  };
  const receive: Results["receive"] = {};
  for (const ms of new Set(invocations.flatMap((r) => Object.keys(r.receive).map(Number)))) {
    const pooled = pool(invocations.map((r) => r.receive[ms]));
    if (pooled !== undefined) receive[ms] = pooled;
  }
  const out: Results = { receive, send: undefined, connect: undefined, connectSteady: undefined, connectEager: undefined, memory: undefined, pipeline: undefined, bundles: [] };
  for (const series of SERIES) out[series] = pool(invocations.map((r) => r[series]));
  out.bundles = [...invocations].reverse().find((r) => r.bundles.length > 0)?.bundles ?? [];
  return out;
}

/** Size keys that set what one run measures; the run counts (`…Runs`) may differ between invocations. */
const measures = (size: Record<string, number>): string =>
  JSON.stringify(Object.entries(size).filter(([key]) => !key.endsWith("Runs")).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The index of the first invocation that measured with other sizes than the first (a
 * `--quick` run among full ones: shorter replies and windows are not the same measure), or
 * undefined when all measured alike.
 */
export function otherMeasure(sizes: readonly Record<string, number>[]): number | undefined {
  const first = sizes[0] === undefined ? undefined : measures(sizes[0]);
  const index = sizes.findIndex((size) => measures(size) !== first);
  return index === -1 ? undefined : index;
}

const POOLED_HEADING = "## Targets over several invocations";

/**
 * `markdown` (docs/benchmarks.md) with `section` (starting with its own heading) as its
 * pooled-targets section: in place of the one already there, else right after the
 * targets of the invocation that wrote the page. A new `npm run bench` writes the page
 * afresh, without it.
 */
export function withPooledSection(markdown: string, section: string): string {
  const body = section.trimEnd();
  const lines = markdown.split("\n");
  const nextHeading = (from: number): number => {
    const index = lines.findIndex((line, i) => i > from && line.startsWith("## "));
    return index === -1 ? lines.length : index;
  };
  const existing = lines.indexOf(POOLED_HEADING);
  const targets = lines.indexOf("## Targets");
  if (existing === -1 && targets === -1) throw new Error("the page has no \"## Targets\" section to put the pooled targets after");
  const at = existing !== -1 ? existing : nextHeading(targets);
  const end = existing !== -1 ? nextHeading(existing) : at;
  return [...lines.slice(0, at), ...body.split("\n"), "", ...lines.slice(end)].join("\n");
}

/** The heading a pooled-targets section must start with. */
export const pooledHeading = POOLED_HEADING;
