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
  const { site, market, page } = record.job;
  const selectors = await selectorsOf(record, deps);
  if ('error' in selectors) return selectors.error;
  const target = resolveTarget(selectors.sites, record.job);
  if (!target) {
    // Retried: during a deploy a warm function with the older selector files may get a job of a
    // page only the new ones have; the next attempt finds a new function. After the last, it stands.
    return {
      outcome: {
        status: 'failed',
        result: null,
        captures: [],
        message: `No page "${page}" for ${site}/${market} in ${record.selectors ? `selector version ${record.selectors}` : "this function's selector files"} (a deploy under way, or the page was removed or its file is broken)`,
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
        classify: selectors.classify,
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

/**
 * The selector files a job is read with: exactly its run's version when it names one (a push
 * during the run changes nothing for it), else the function's own. A version that cannot be
 * loaded fails the page for now; the next attempt loads it again.
 */
async function selectorsOf(
  record: JobRecord,
  deps: ScrapeDeps,
): Promise<Pick<ScrapeDeps, 'sites' | 'classify'> | { error: { outcome: PageOutcome; retryable: boolean } }> {
  if (record.selectors === undefined || !deps.selectorsOf) return deps;
  try {
    return await deps.selectorsOf(record.selectors);
  } catch (error) {
    const { site, market, page } = record.job;
    return {
      error: {
        outcome: {
          status: 'failed',
          result: null,
          captures: [],
          message: `${site}/${market}/${page}: could not load selector version ${record.selectors}: ${(error as Error).message}`,
        },
        retryable: true,
      },
    };
  }
}
