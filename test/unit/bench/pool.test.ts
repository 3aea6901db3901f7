import { describe, expect, it } from "vitest";
import { otherMeasure, pooledHeading, poolResults, poolRuns, withPooledSection } from "../../../bench/lib/pool.js";
import type { Results } from "../../../bench/lib/report.js";

/** Runs tagged with their invocation and index, so that a pooled list shows where each came from. */
const tagged = (invocation: number, count: number) => Array.from({ length: count }, (_, index) => ({ invocation, index }));

const empty = (): Results => ({ receive: {}, send: undefined, connect: undefined, connectSteady: undefined, connectEager: undefined, memory: undefined, pipeline: undefined, bundles: [] });

describe("poolRuns", () => {
  it("pairs every run with the floor's run of its own invocation and index", () => {
    // Invocation 1: floor and ours 4 runs, azure only the 2 shared ones; invocation 2: 3 and 1.
    const pooled = poolRuns([
      { floor: tagged(1, 4), ours: tagged(1, 4), azure: tagged(1, 2) },
      { floor: tagged(2, 3), ours: tagged(2, 3), azure: tagged(2, 1) },
    ]);
    const floor = pooled["floor"]!;
    // The report pairs a contender's run i with the floor's run i.
    for (const who of ["ours", "azure"]) {
      const runs = pooled[who]!;
      runs.forEach((run, i) => expect(run).toEqual(floor[i]));
    }
    expect(pooled["azure"]).toHaveLength(3);
    expect(floor).toHaveLength(7);
    // Nothing dropped or repeated.
    expect(new Set(floor.map((r) => `${r["invocation"]}.${r["index"]}`)).size).toBe(7);
  });

  it("keeps one invocation's runs as they are", () => {
    const runs = { floor: tagged(1, 3), ours: tagged(1, 3), azure: tagged(1, 1) };
    expect(poolRuns([runs])).toEqual(runs);
  });

  it("refuses a contender missing from an invocation, or with a run count that cannot pair", () => {
    expect(() => poolRuns([{ floor: tagged(1, 2), ours: tagged(1, 2) }, { floor: tagged(2, 2) }])).toThrow(/invocation 2 has no runs of ours/);
    expect(() => poolRuns([{ floor: tagged(1, 4), ours: tagged(1, 3), azure: tagged(1, 2) }])).toThrow(/invocation 1 has 3 runs of ours: expected 2 or 4/);
    expect(() => poolRuns([{ floor: tagged(1, 2), ours: tagged(1, 4) }])).toThrow(/invocation 1 has fewer runs of floor \(2\) than of another contender \(4\)/);
  });
});

describe("poolResults", () => {
  it("pools each series over the invocations that measured it, and takes bundle sizes from the last that did", () => {
    const a = { ...empty(), connect: { floor: tagged(1, 2), ours: tagged(1, 2) }, bundles: [{ name: "a", error: "x" }] };
    const b = { ...empty(), receive: { 20: { floor: tagged(2, 1), ours: tagged(2, 1) } }, connect: { floor: tagged(2, 1), ours: tagged(2, 1) } };
    const pooled = poolResults([a, b] as unknown as Results[]);
    expect(pooled.connect!["floor"]).toHaveLength(3);
    expect(pooled.receive[20]!["ours"]).toEqual(tagged(2, 1));
    expect(pooled.send).toBeUndefined();
    expect(pooled.bundles).toEqual([{ name: "a", error: "x" }]);
  });
});

describe("otherMeasure", () => {
  it("finds an invocation measured with other sizes, and lets run counts differ", () => {
    const full = { deltas: 20000, connects: 30, receiveRuns: 10, connectJudgedRuns: 160 };
    expect(otherMeasure([full, { ...full, receiveRuns: 2, connectJudgedRuns: 40 }])).toBeUndefined();
    expect(otherMeasure([full, full, { ...full, deltas: 2000 }])).toBe(2);
  });
});

describe("withPooledSection", () => {
  const page = ["# Benchmarks", "", "## Targets", "", "| one run |", "", "## Receive", "", "rows", ""].join("\n");
  const section = (text: string) => `${pooledHeading}\n\n${text}\n`;

  it("puts the section after the page's own targets, before the next heading", () => {
    expect(withPooledSection(page, section("pooled A"))).toBe(
      ["# Benchmarks", "", "## Targets", "", "| one run |", "", pooledHeading, "", "pooled A", "", "## Receive", "", "rows", ""].join("\n"),
    );
  });

  it("replaces a section written before, and keeps the rest of the page", () => {
    const once = withPooledSection(page, section("pooled A"));
    expect(withPooledSection(once, section("pooled B"))).toBe(withPooledSection(page, section("pooled B")));
  });

  it("refuses a page without targets", () => {
    expect(() => withPooledSection("# Other\n", section("x"))).toThrow(/no "## Targets" section/);
  });
});
