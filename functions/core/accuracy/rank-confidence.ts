import type { RankReads } from '../store/model.ts';

/** A spread of this many places or more: a shelf that differs between visits (personalised, A/B-tested). */
export const UNSTABLE_SPREAD = 3;

/**
 * Our rank over several reads of one page in a day: the median (a read where we were not in the
 * results counts as just below the list, so most reads decide) and the spread between the best
 * and worst read. The median is null when we were absent from most reads. Pure.
 */
export function rankConfidence(ranks: Array<number | null>, listLength: number): RankReads {
  const below = listLength + 1;
  const sorted = ranks.map((rank) => rank ?? below).sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const spread = sorted.length ? sorted.at(-1)! - sorted[0]! : 0;
  return {
    ranks,
    median: median >= below ? null : median,
    spread,
    unstable: spread >= UNSTABLE_SPREAD,
  };
}
