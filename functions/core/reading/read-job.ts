import type { LimitFunction } from 'p-limit';
import { resolveTarget } from '../jobs/expand.ts';
import type { JobRecord } from '../jobs/record.ts';
import type { PageOutcome } from '../page/types.ts';
import { readAuto } from '../rendering/read-auto.ts';
import { readWithRetries } from './read-attempts.ts';
import { withSecondRead } from './second-read.ts';
import { withRepeatReads } from './repeat-reads.ts';
import type { ClassifiedSites } from '../selector-versions/classified.ts';
import type { ReadAttempts, ReadDeps } from './types.ts';

/**
 * One job's page: the selector files name it (a job they do not know is failed and retried), then
 * it is read with its site's retries (read-attempts.ts). Says whether another delivery may help.
 */
export async function readJob(record: JobRecord, deps: ReadDeps, tab: LimitFunction): Promise<ReadAttempts> {
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
  const resolved = { ...target, keyword: record.job.keyword };
  const render = target.page.render ?? target.site.render;
  if (render === 'auto' && deps.renderVerdicts) {
    const verdicts = await deps.renderVerdicts();
    const pageKeywords = target.page.kind === 'search' ? target.page.keywords : undefined;
    const first = await readAuto({ runId: record.runId, target: record.job, pageKeywords }, verdicts, (way) =>
      readWithRetries({ ...resolved, page: { ...resolved.page, render: way } }, selectors.classify, deps, tab),
    );
    const way = first.outcome.renderedBy ?? 'chrome';
    const repeated = await withRepeatReads(resolved, way, selectors.classify, deps, tab, first);
    return withSecondRead(record, resolved, selectors.classify, deps, tab, repeated);
  }
  // auto without verdicts to keep (a tool reading one page): Chromium, the safe way.
  const read = await readWithRetries(
    render === 'auto' ? { ...resolved, page: { ...resolved.page, render: 'chrome' } } : resolved,
    selectors.classify,
    deps,
    tab,
  );
  const way = render === 'static' ? 'static' : 'chrome';
  const first = { ...read, outcome: { ...read.outcome, renderedBy: way } } as const;
  const repeated = await withRepeatReads(resolved, way, selectors.classify, deps, tab, first);
  return withSecondRead(record, resolved, selectors.classify, deps, tab, repeated);
}

/**
 * The selector files a job is read with: exactly its run's version when it names one (a push
 * during the run changes nothing for it), else the function's own. A version that cannot be
 * loaded fails the page for now; the next attempt loads it again.
 */
async function selectorsOf(
  record: JobRecord,
  deps: ReadDeps,
): Promise<ClassifiedSites | { error: { outcome: PageOutcome; retryable: boolean } }> {
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
