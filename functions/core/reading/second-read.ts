import type { LimitFunction } from 'p-limit';
import type { Classifier } from '../extract/classify.ts';
import type { JobRecord } from '../jobs/record.ts';
import type { ResolvedTarget } from '../page/read-page.ts';
import { readWithRetries } from './read-attempts.ts';
import type { ReadAttempts, ReadDeps } from './types.ts';
import { isSecondReadSample } from '../accuracy/sample.ts';

/**
 * The second reader: a page of the run's sample that read ok is read again, the other way where
 * it can be (a plain fetch for a Chromium page, Chromium for a plain one; a page that needs
 * browser steps is read by Chromium again, a second visit), and both readings go on the
 * observation to be compared (accuracy/compare-readings.ts). Never resolves a difference: it records it.
 */
/**
 * An extra read (a second reading, a repeat) is optional: it starts only while the invocation
 * has two page budgets left, one for the read and one for storing the batch, so the page
 * already read is never put at risk of the function being stopped.
 */
export function timeForAnotherRead(deps: Pick<ReadDeps, 'remainingMs' | 'pageBudgetMs'>): boolean {
  return (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) >= 2 * (deps.pageBudgetMs ?? 0);
}

export async function withSecondRead(
  record: JobRecord,
  target: ResolvedTarget,
  classify: Classifier,
  deps: ReadDeps,
  tab: LimitFunction,
  first: ReadAttempts,
): Promise<ReadAttempts> {
  const { outcome } = first;
  if (outcome.status !== 'ok' || !outcome.result) return first;
  if (!isSecondReadSample(record.job, record.date, target.site.secondRead.share)) return first;
  if (!timeForAnotherRead(deps)) return first;
  const firstWay = outcome.renderedBy ?? 'chrome';
  const needsChrome = target.site.before.length > 0 || (target.page.before?.length ?? 0) > 0;
  const way = firstWay === 'static' ? 'chrome' : needsChrome ? 'chrome' : 'static';
  const readAs = (render: 'chrome' | 'static') =>
    readWithRetries({ ...target, page: { ...target.page, render } }, classify, deps, tab);
  let secondWay: 'chrome' | 'static' = way;
  let second = await readAs(way);
  // A page a plain fetch cannot read (rendered in the browser) is no disagreement: it cannot be
  // read that way at all, so it is read by Chromium again, a second visit.
  if (way === 'static' && second.outcome.status !== 'ok') {
    secondWay = 'chrome';
    second = await readAs('chrome');
  }
  return {
    ...first,
    outcome: {
      ...outcome,
      secondRead: {
        way: secondWay,
        status: second.outcome.status,
        result: second.outcome.result,
        captures: second.outcome.captures,
        message: second.outcome.message,
        alertBelow: target.site.secondRead.alertBelow,
      },
    },
  };
}
