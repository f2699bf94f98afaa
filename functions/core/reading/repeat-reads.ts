import type { LimitFunction } from 'p-limit';
import { rankConfidence } from '../accuracy/rank-confidence.ts';
import type { Classifier } from '../extract/classify.ts';
import type { ResolvedTarget } from '../page/read-page.ts';
import { readWithRetries } from './read-attempts.ts';
import { timeForAnotherRead } from './second-read.ts';
import type { ReadAttempts, ReadDeps } from './types.ts';

/**
 * A listing page whose file asks for several reads a day (`reads: N`): read N−1 times more, the
 * same way, one visit after another, and our rank on each kept with its median and spread
 * (accuracy/rank-confidence.ts). The first read stays the page's evidence and tiles; a later
 * read that does not come back ok is left out of the ranks.
 */
export async function withRepeatReads(
  target: ResolvedTarget,
  render: 'chrome' | 'static',
  classify: Classifier,
  deps: ReadDeps,
  tab: LimitFunction,
  first: ReadAttempts,
): Promise<ReadAttempts> {
  const reads = target.page.kind === 'placement' ? 1 : (target.page.reads ?? 1);
  const result = first.outcome.result;
  if (reads < 2 || first.outcome.status !== 'ok' || !result || result.kind === 'placement') return first;
  const ranks: Array<number | null> = [result.summary.ourBestOrganicRank];
  for (let read = 2; read <= reads && timeForAnotherRead(deps); read++) {
    const again = await readWithRetries({ ...target, page: { ...target.page, render } }, classify, deps, tab);
    const listing = again.outcome.result;
    if (again.outcome.status === 'ok' && listing && listing.kind !== 'placement')
      ranks.push(listing.summary.ourBestOrganicRank);
  }
  return { ...first, outcome: { ...first.outcome, rankReads: rankConfidence(ranks, result.summary.organicTiles) } };
}
