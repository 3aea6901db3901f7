/** Median, min and max of a sample, and a 90 % confidence interval of its median. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Undefined for fewer than 5 values: no pair of them bounds the median at 90 %. */
  readonly interval: MedianInterval | undefined;
}

/** A confidence interval of a median: two of the sample's own values. */
export interface MedianInterval {
  readonly low: number;
  readonly high: number;
  /** The chance that the interval holds the true median; at least the level asked for. */
  readonly coverage: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, interval: medianInterval(sorted) };
}

/**
 * The distribution-free confidence interval of the median that the sign test gives: the
 * k-th smallest and k-th largest of n values, for the largest k at which fewer than k
 * values fall below the true median with a chance of at most (1 − level) / 2, each value
 * being below it with chance ½. It assumes nothing of the distribution, and gives the same
 * interval for the same values: no resampling. `sorted` must be in ascending order.
 */
export function medianInterval(sorted: readonly number[], level = 0.9): MedianInterval | undefined {
  const n = sorted.length;
  const tail = (1 - level) / 2;
  // Walks P(X ≤ j) for X ~ Binomial(n, ½) up, term by term (C(n, j) / 2^n, in logs so
  // that 2^−n does not underflow), while it stays within the tail: the interval then misses
  // the median with chance 2 · P(X ≤ k − 1). k stays below n / 2, so low ≤ high.
  let logTerm = -n * Math.LN2;
  let atMost = Math.exp(logTerm);
  let k = 0;
  let miss = 0;
  while (k < Math.floor(n / 2) && atMost <= tail) {
    miss = atMost;
    k++;
    logTerm += Math.log((n - k + 1) / k);
    atMost += Math.exp(logTerm);
  }
  return k === 0 ? undefined : { low: sorted[k - 1]!, high: sorted[n - k]!, coverage: 1 - 2 * miss };
}

/** Formats a number with a precision that suits its size. */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const cell = (s: Spread, digits?: number): string => `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
