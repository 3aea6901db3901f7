import { describe, expect, it } from "vitest";
import { runSchedule } from "../../../bench/lib/schedule.js";

describe("runSchedule", () => {
  const all = ["floor", "ours", "azure", "openai"];

  it("runs every contender in every run when the judged ones take no more runs", () => {
    expect(runSchedule(all, 2)).toEqual([all, all]);
  });

  it("gives the floor and ours their extra runs after the shared ones, still side by side", () => {
    expect(runSchedule(all, 2, 4)).toEqual([all, all, ["floor", "ours"], ["floor", "ours"]]);
  });

  it("keeps the contenders' order in every run", () => {
    expect(runSchedule(["ours", "limit", "floor"], 1, 2)).toEqual([["ours", "limit", "floor"], ["ours", "floor"]]);
  });

  it("refuses fewer judged runs than shared ones, and counts that are not whole numbers from 1", () => {
    expect(() => runSchedule(all, 4, 2)).toThrow(/judgedCount must be a whole number from count \(4\), got 2/);
    expect(() => runSchedule(all, 0)).toThrow(/count must be a whole number from 1, got 0/);
    expect(() => runSchedule(all, 2, 2.5)).toThrow(RangeError);
  });
});
