/**
 * Which contenders run in each run of a series. Targets judge ratios of ours to the floor,
 * so those two may take more runs than the clients shown beside them: a ratio near its
 * goal needs a narrow interval to settle, and the others' figures are only compared.
 */

/** The contenders whose ratio a target judges. */
export const JUDGED: readonly string[] = ["floor", "ours"];

/**
 * The contenders of each run, in `contenders`' order: every contender in the first `count`
 * runs, then only the judged ones up to `judgedCount`. Each run's contenders run one after
 * the other, so the floor and ours stay neighbours in every run, and a contender with
 * fewer runs is paired with the floor's first runs.
 */
export function runSchedule(contenders: readonly string[], count: number, judgedCount = count): string[][] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number from 1, got ${count}.`);
  if (!Number.isInteger(judgedCount) || judgedCount < count) {
    throw new RangeError(`judgedCount must be a whole number from count (${count}), got ${judgedCount}.`);
  }
  return Array.from({ length: judgedCount }, (_, run) => contenders.filter((c) => run < count || JUDGED.includes(c)));
}
