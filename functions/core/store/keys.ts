import { targetKey, type Target } from '../jobs/expand.ts';

/**
 * The single-table data model (docs/data-model.md); `history` is the one index (gsi1pk, gsi1sk):
 *
 * | item        | pk                            | sk                 | gsi1pk                | gsi1sk                |
 * |-------------|-------------------------------|--------------------|-----------------------|-----------------------|
 * | observation | DAY#<date>#<site>#<market>    | OBS#<target key>   | TARGET#<target key>   | <date>                |
 * | run         | RUN#<run id>                  | RUN                | RUNS#<date>           | <created at>#<run id> |
 * | job marker  | RUN#<run id>                  | JOB#<target key>   |                       |                       |
 * | scanned day | DAYS                          | <date>             |                       |                       |
 * | share link  | SHARES                        | <hash of secret>   |                       |                       |
 * | selectors   | SELECTORS                     | CURRENT, V#<n>     |                       |                       |
 * | site pace   | PACE#<site>#<market>          | PACE               |                       |                       |
 * | render      | RENDER#<site>#<market>        | PAGE#<kind>#<page> |                       |                       |
 *
 * A target key is site#market#page#keyword, so a redelivered job overwrites its own items. Days
 * written before they were split by market keep their observations under DAY#<date>.
 */
/** The index of a target's history and of a day's runs (template.yaml: ObservationsTable, `history`). */
export const HISTORY_INDEX = 'history';
/**
 * What the history index carries besides its keys (template.yaml: its NonKeyAttributes): what a
 * trend, since-when-broken and a day's runs read, never the tiles, so an observation costs it little.
 */
export const HISTORY_INDEX_ATTRIBUTES = ['date', 'status', 'summary', 'runId', 'alertedAt'] as const;

/** A day's observations of one site × market: a market's view reads only its market, and a day's writes spread. */
export const observationKey = (date: string, job: Target) => ({
  pk: marketDayPartition(date, job.site, job.market),
  sk: `OBS#${targetKey(job)}`,
});
export const marketDayPartition = (date: string, site: string, market: string) => `DAY#${date}#${site}#${market}`;
/** Where observations of a day were kept before days were split by market: still read, never written. */
export const legacyDayPartition = (date: string) => `DAY#${date}`;
export const observationHistoryKey = (date: string, job: Target) => ({
  gsi1pk: `TARGET#${targetKey(job)}`,
  gsi1sk: date,
});
export const targetPartition = (key: string) => `TARGET#${key}`;
export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
export const runsByDateKey = (date: string, createdAt: string, runId: string) => ({
  gsi1pk: runsOfDayPartition(date),
  gsi1sk: `${createdAt}#${runId}`,
});
export const runsOfDayPartition = (date: string) => `RUNS#${date}`;
export const runJobKey = (runId: string, job: Target) => ({ pk: `RUN#${runId}`, sk: `JOB#${targetKey(job)}` });
export const runPartition = (runId: string) => `RUN#${runId}`;
export const DAYS_PARTITION = 'DAYS';
/** Share links (their hashes), for the list administrators see. */
export const SHARES_PARTITION = 'SHARES';
export const dayIndexKey = (date: string) => ({ pk: DAYS_PARTITION, sk: date });
/** The selector files' versions: which one is live (CURRENT) and each version's record (V#000001 …). */
export const SELECTORS_PARTITION = 'SELECTORS';
export const selectorsCurrentKey = { pk: SELECTORS_PARTITION, sk: 'CURRENT' };
export const selectorsVersionKey = (version: number) => ({
  pk: SELECTORS_PARTITION,
  sk: `V#${String(version).padStart(6, '0')}`,
});
/** When a site × market may be loaded next, shared by every scrape function (politeness/reserve-slot.ts). */
export const paceKey = (site: string, market: string) => ({ pk: `PACE#${site}#${market}`, sk: 'PACE' });
/** How a `render: auto` page is read until its next check (rendering/choose-render.ts). */
export const renderVerdictKey = (site: string, market: string, kind: string, page: string) => ({
  pk: `RENDER#${site}#${market}`,
  sk: `PAGE#${kind}#${page}`,
});
