import { describe, expect, it } from "vitest";
import { renderMarkdown, type Results } from "../../../bench/lib/report.js";
import { medianInterval, spread } from "../../../bench/lib/stats.js";

const ascending = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe("medianInterval (sign-test interval of a median)", () => {
  it("is the min and max of 5 values, which hold the median with chance 1 − 2/32", () => {
    expect(medianInterval(ascending(5))).toEqual({ low: 1, high: 5, coverage: 1 - 2 / 32 });
  });

  it("takes the 11th and 20th of 30 values at 90 %, and the 10th and 21st at 95 %", () => {
    const at90 = medianInterval(ascending(30))!;
    expect([at90.low, at90.high]).toEqual([11, 20]);
    // 1 − 2·P(X ≤ 10) for X ~ Binomial(30, ½): P(X ≤ 10) = 0.049368…
    expect(at90.coverage).toBeCloseTo(0.901263, 5);
    const at95 = medianInterval(ascending(30), 0.95)!;
    expect([at95.low, at95.high]).toEqual([10, 21]);
    expect(at95.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it("gives no interval for 4 values: even their min and max miss the median too often", () => {
    expect(medianInterval(ascending(4))).toBeUndefined();
  });

  it("stays in order with a coverage of at least the level for thousands of values, where 2^−n underflows", () => {
    const interval = medianInterval(ascending(3000))!;
    expect(interval.low).toBeLessThan(interval.high);
    expect(interval.low).toBeGreaterThan(1400);
    expect(interval.high).toBeLessThan(1600);
    expect(interval.coverage).toBeGreaterThanOrEqual(0.9);
    expect(interval.coverage).toBeLessThan(0.95);
  });

  it("comes with every spread, from the values sorted", () => {
    expect(spread([5, 1, 4, 2, 3]).interval).toMatchObject({ low: 1, high: 5 });
    expect(spread([9, 3, 7]).interval).toBeUndefined();
  });
});

describe("the report's verdicts", () => {
  const size = { connects: 30, connectWarmup: 5, steadyWarmup: 2000, steadyConnects: 200, connectRuns: 30, connectJudgedRuns: 30, steadyRuns: 15, steadyJudgedRuns: 15, eagerRuns: 15, receiveRuns: 10, receiveJudgedRuns: 10, serverWarmup: 1, deltas: 1, warmup: 1, warmupReps: 1, reps: 1, chunks: 1, sessions: 1, seconds: 1 };
  const context = { machine: { cpu: "test", cores: 2, node: "v20", date: "2026-01-01", platform: "test" }, runs: 5, size, quick: false, minutes: 1 };
  /** The early-connect target's row, for runs whose ours ÷ floor ratios are `ratios`. */
  const earlyRow = (ratios: number[]): string => {
    const results: Results = {
      receive: {},
      send: undefined,
      connect: { floor: ratios.map(() => ({ medianMs: 1 })), ours: ratios.map((r) => ({ medianMs: r })) },
      connectSteady: undefined,
      connectEager: undefined,
      memory: undefined,
      pipeline: undefined,
      bundles: [],
    };
    return renderMarkdown(results, context).split("\n").find((line) => line.startsWith("| connect → session ready, early"))!;
  };
  // 30 runs: the interval is the 11th to the 20th smallest ratio.
  const runs = (below: number, value: number, above: number): number[] => [...Array(10).fill(below), ...Array(10).fill(value), ...Array(10).fill(above)];

  it("meets a goal that holds across the whole interval", () => {
    expect(earlyRow(runs(0.9, 1.05, 1.5))).toMatch(/1\.05× \(1\.05–1\.05\) \| met \|$/);
  });

  it("misses a goal that fails across the whole interval", () => {
    expect(earlyRow(runs(0.9, 1.15, 1.5))).toMatch(/\| \*\*missed\*\* \|$/);
  });

  it("settles nothing from runs too few to give an interval, however the median looks", () => {
    expect(earlyRow([1, 1, 1, 1])).toMatch(/1\.00× \(too few runs\) \| \*\*not settled\*\* \|$/);
  });

  it("leaves a median that meets the goal unsettled when the interval straddles it", () => {
    // Median 1.08, but the 20th smallest ratio is 1.12.
    const ratios = [...Array(10).fill(0.9), ...Array(5).fill(1.05), ...Array(5).fill(1.12), ...Array(10).fill(1.5)];
    ratios[14] = 1.08;
    ratios[15] = 1.08;
    expect(earlyRow(ratios)).toMatch(/1\.08× \(1\.05–1\.12\) \| \*\*not settled\*\* \|$/);
  });

  it("pairs a contender that took fewer runs with the floor's first runs, as the schedule runs them", () => {
    const ms = (values: number[]) => values.map((medianMs) => ({ medianMs }));
    const results: Results = {
      receive: {},
      send: undefined,
      // The floor's later runs (only ours beside them) are slower than its first two.
      connect: { floor: ms([1, 1, 2, 2, 2, 2]), ours: ms([1, 1, 2, 2, 2, 2]), azure: ms([2, 3]) },
      connectSteady: undefined,
      connectEager: undefined,
      memory: undefined,
      pipeline: undefined,
      bundles: [],
    };
    const row = renderMarkdown(results, context).split("\n").find((line) => line.startsWith("| @azure/ai-voicelive"))!;
    expect(row).toMatch(/^\| @azure\/ai-voicelive 1\.1\.0 \| 2\.50 \(2\.00–3\.00\) \| 2\.50× \(2\.00–3\.00\) \|/);
  });

  it("misses 'ahead of both' when one client is clearly ahead of ours, even with the other unmeasured", () => {
    const five = (cpuMs: number) => Array.from({ length: 5 }, () => ({ cpuMs }));
    const results: Results = {
      receive: { 20: { floor: five(1), ours: five(1), openai: five(0.5) } },
      send: undefined,
      connect: undefined,
      connectSteady: undefined,
      connectEager: undefined,
      memory: undefined,
      pipeline: undefined,
      bundles: [],
    };
    const row = renderMarkdown(results, context).split("\n").find((line) => line.startsWith("| receive, 20 ms deltas | ahead of"))!;
    expect(row).toMatch(/\| \*\*missed\*\* \|$/);
  });
});
