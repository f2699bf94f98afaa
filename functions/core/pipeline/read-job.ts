import type { Lease } from '../browser/pool.ts';
import { resolveTarget } from '../jobs/expand.ts';
import type { JobRecord } from '../jobs/record.ts';
import { BrowserCrashedError } from '../page/errors.ts';
import { readPage } from '../page/read-page.ts';
import type { PageOutcome } from '../page/types.ts';
import type { ScrapeDeps } from './scrape-batch.ts';

/**
 * One job's page, read within its budget: the selector files name it (a job they do not know is
 * failed and retried), every step has its own timeout and the whole is bounded too, in case a
 * browser stops answering (then it is replaced). Says whether another attempt may help.
 */
export async function readJob(
  record: JobRecord,
  deps: ScrapeDeps,
): Promise<{ outcome: PageOutcome; retryable: boolean }> {
  const target = resolveTarget(deps.sites, record.job);
  const { site, market, page } = record.job;
  if (!target) {
    // Retried: during a deploy a warm function with the older selector files may get a job of a
    // page only the new ones have; the next attempt finds a new function. After the last, it stands.
    return {
      outcome: {
        status: 'failed',
        result: null,
        captures: [],
        message: `No page "${page}" for ${site}/${market} in this function's selector files (a deploy under way, or the page was removed or its file is broken)`,
      },
      retryable: true,
    };
  }
  let lease: Lease | undefined;
  const budget = deps.pageBudgetMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const reading = readPage(
      { ...target, keyword: record.job.keyword },
      {
        browser: async () => (lease ??= await deps.browsers.lease()).browser,
        classify: deps.classify,
        guard: deps.guard,
        refusalsSince: deps.refusalsSince,
        options: deps.readOptions,
      },
    );
    reading.catch(() => undefined); // settled by the race below; a late failure must not go unhandled
    // Every step has its own timeout; this bounds the whole, in case a browser stops answering.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new BrowserCrashedError(`page did not finish within ${budget} ms; browser replaced`)),
        budget,
      );
    });
    const outcome = await Promise.race([reading, deadline]);
    return { outcome, retryable: outcome.retryable ?? true };
  } catch (error) {
    if (error instanceof BrowserCrashedError) await deps.browsers.discard(lease?.browser);
    return {
      outcome: {
        status: 'failed',
        result: null,
        captures: [],
        message: `${site}/${market}/${page}: ${(error as Error).message}`,
      },
      retryable: true,
    };
  } finally {
    clearTimeout(timer);
    lease?.release();
  }
}
