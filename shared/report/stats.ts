import type { DurationStats } from './types.js';

/**
 * The statistics the report prints, defined so that anyone can recompute them from the incident list:
 * - median: the middle value of the sorted samples; with an even count, the mean of the two middle ones;
 * - 90th percentile: nearest rank, the value at rank ⌈0.9 × n⌉ of the sorted samples (1-based), so it is
 *   always one of the samples (n = 1..10 gives the largest one).
 */
export const durationStats = (samples: readonly number[]): DurationStats => {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, medianMs: null, p90Ms: null };
  const middle = Math.floor(n / 2);
  const median =
    n % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { count: n, medianMs: Math.round(median), p90Ms: nearestRank(sorted, 90) };
};

/** The nearest-rank percentile of sorted samples (not empty). */
export const nearestRank = (sorted: readonly number[], percent: number): number =>
  sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] as number;
