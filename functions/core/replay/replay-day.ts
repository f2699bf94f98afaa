import pLimit from 'p-limit';
import { describeTarget } from '../jobs/describe.ts';
import type { Classifier } from '../extract/classify.ts';
import { isAnswer, type PageStatus } from '../extract/types.ts';
import { countStatuses } from '../scorecard/build.ts';
import { targetKey, resolveTarget } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import type { Observation } from '../store/model.ts';
import { addDayMarkets, marketsByDay } from '../store/days/add-day-markets.ts';
import { observationItem } from '../store/observations/item.ts';
import { queryDay } from '../store/observations/queries.ts';
import { runJobItem } from '../store/runs/job-marker.ts';
import { writeItems } from '../store/write-items.ts';
import { ArchivedPageGoneError, readArchivedPage } from '../evidence/archived-page.ts';
import { publishDay } from '../views/publish-day.ts';
import { replayObservation } from './replay-observation.ts';

export interface ReplayDeps {
  tableName: string;
  bucketName: string;
  /** Today's selector files: the ones a fix went into. */
  sites: LoadedSite[];
  classify: Classifier;
  concurrency?: number;
  /** Days a rewritten observation is kept, from its scan day (HistoryRetentionDays); 0 keeps it. */
  retentionDays?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayReport {
  date: string;
  /** Observations of the day that matched the filter. */
  considered: number;
  replayed: number;
  /** `key` is the target key; `page` names it as people do (`demo-shop/us search “mascara”`). */
  skipped: Array<{ key: string; page: string; reason: string }>;
  /** Statuses of the considered observations before and after. */
  before: Record<PageStatus, number>;
  after: Record<PageStatus, number>;
  changed: Array<{ key: string; page: string; from: PageStatus; to: PageStatus }>;
}

/**
 * `shelfwatch replay`: extracts day D's archived HTML again with today's selector files and rewrites
 * that day's observations (and its run's job statuses), so fixing a selector also mends the days it
 * was broken, then builds the day's stored scorecard again. Pages without HTML (timeouts, HTTP
 * errors) are left as they were, and said so.
 */
export async function replayDay(
  date: string,
  filter: { site?: string | undefined; market?: string | undefined },
  deps: ReplayDeps,
): Promise<ReplayReport> {
  const now = deps.now?.() ?? new Date();
  const observations = await queryDay(deps.tableName, date, filter);
  const skipped: ReplayReport['skipped'] = [];
  const limit = pLimit(deps.concurrency ?? 8);
  let done = 0;
  const results = await Promise.all(
    observations.map((observation) =>
      limit(async () => {
        const outcome = await replayOne(observation, deps, now).catch((error: Error) =>
          error instanceof ArchivedPageGoneError ? error.message : `could not read its archived HTML: ${error.message}`,
        );
        deps.onProgress?.(++done, observations.length);
        if (typeof outcome !== 'string') return { observation: outcome, replayed: true };
        skipped.push({ key: targetKey(observation), page: describeTarget(observation), reason: outcome });
        return { observation, replayed: false };
      }),
    ),
  );
  const replayed = results.flatMap((result) => (result.replayed ? [result.observation] : []));
  // A page of a day stored before days were split by market moves to its market's partition.
  for (const [day, markets] of marketsByDay(replayed)) await addDayMarkets(deps.tableName, day, markets);
  // A replayed page was read and judged again: its status is an answer, as on the day it was read.
  const written = await writeItems(
    replayed.flatMap((o) => [
      observationItem(o, { retentionDays: deps.retentionDays }),
      runJobItem(o.runId, o, { status: o.status, attempts: 1, final: true }, now),
    ]),
    { tableName: deps.tableName },
  );
  if (written.refused.length)
    throw new Error(
      `replay of ${date}: DynamoDB refused ${written.refused.map(({ item, error }) => `${String(item.sk)} (${error})`).join(', ')}`,
    );
  if (written.unwritten.length)
    throw new Error(`replay of ${date}: ${written.unwritten.length} item(s) could not be written; run it again`);
  // The day's stored scorecard is built again from what was rewritten, so its pages show the mended day.
  if (replayed.length) await publishDay(date, deps);
  return {
    date,
    considered: observations.length,
    replayed: replayed.length,
    skipped: skipped.sort((a, b) => a.key.localeCompare(b.key)),
    before: countStatuses(observations),
    after: countStatuses(results.map((result) => result.observation)),
    changed: observations.flatMap((before, index) => {
      const after = results[index]!.observation.status;
      return after !== before.status
        ? [{ key: targetKey(before), page: describeTarget(before), from: before.status, to: after }]
        : [];
    }),
  };
}

/** The replayed observation, or why it cannot be replayed. */
async function replayOne(observation: Observation, deps: ReplayDeps, now: Date): Promise<Observation | string> {
  // Only a page whose HTML was read and judged can be judged again.
  if (!isAnswer(observation.status)) return `ended ${observation.status}: no page was read to extract again`;
  if (observation.evidence.html.length === 0) return 'no archived HTML (its evidence upload failed or expired)';
  const target = resolveTarget(deps.sites, observation);
  if (!target)
    return `no page "${observation.page}" for ${observation.site}/${observation.market} in today's selector files`;
  const pages = await Promise.all(
    observation.evidence.html.map((key) => readArchivedPage(deps.bucketName, key, observation.pageUrl ?? '')),
  );
  return replayObservation(observation, target, pages, deps.classify, now);
}
