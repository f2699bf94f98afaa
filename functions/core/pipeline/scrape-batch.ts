import type { KinesisStreamRecord } from 'aws-lambda';
import pLimit, { type LimitFunction } from 'p-limit';
import type { BrowserPool } from '../browser/pool.ts';
import type { Classifier } from '../extract/classify.ts';
import { laneWidthOf } from '../jobs/lanes.ts';
import type { JobRecord } from '../jobs/record.ts';
import type { ReadPageOptions } from '../page/read-page.ts';
import type { Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { jobProgress, progressKey } from '../store/runs/job-progress.ts';
import type { Observation } from '../store/model.ts';
import { addDayMarkets, marketsByDay } from '../store/days/add-day-markets.ts';
import { observationItem } from '../store/observations/item.ts';
import { isAnswer } from '../extract/types.ts';
import { runJobItem } from '../store/runs/job-marker.ts';
import { itemKey, writeItems } from '../store/write-items.ts';
import { decodeJobRecord } from './decode-record.ts';
import { readJob } from './read-job.ts';
import type { AttemptDeps, ReadAttempts } from './read-attempts.ts';
import { sitePacer, type SitePacer } from '../politeness/site-pace.ts';
import { poolResolver } from '../sessions/resolve-pool.ts';
import { createSessionPool, type SessionPool } from '../sessions/session-pool.ts';
import { storeEvidence } from '../evidence/store-evidence.ts';
import { toObservation } from './observation.ts';
import { loadRenderVerdicts, type RenderVerdicts } from '../rendering/render-verdicts.ts';

export interface ScrapeDeps {
  /** The function's own selector files: for jobs that name no version. */
  sites: LoadedSite[];
  classify: Classifier;
  /** A pushed version of the selector files, by number: the version a job's run was planned with. */
  selectorsOf?: (version: number) => Promise<{ sites: LoadedSite[]; classify: Classifier }>;
  browsers: BrowserPool;
  tableName: string;
  bucketName: string;
  concurrency: number;
  /** Days an observation is kept after its scan day (HISTORY_RETENTION_DAYS); 0 keeps it forever. */
  retentionDays?: number;
  /** Attempts a page gets in all (the event source mapping's MaximumRetryAttempts + 1); after the last, its status is final. */
  pageAttempts?: number;
  readOptions?: Partial<ReadPageOptions>;
  guard?: RequestGuard;
  /** What the browsers' guarding proxy refused since a time, so a refused page says so. */
  refusalsSince?: (since: number) => Refusal[];
  /** Milliseconds left before the Lambda is stopped; no page starts when too few remain. */
  remainingMs?: () => number;
  /** Time a page may take at most; pages are not started with less than this left. */
  pageBudgetMs?: number;
  log: {
    info?(message: string, extra: Record<string, unknown>): void;
    warn(message: string, extra: Record<string, unknown>): void;
    error(message: string, extra: Record<string, unknown>): void;
  };
  /** Sticky sessions per site (proxy session, browser, cookies); one per container. A batch makes its own when absent. */
  sessions?: SessionPool;
  /** Paces each site's page loads across the fleet (politeness/site-pace.ts); from the table when absent. */
  pace?: SitePacer;
  /** Told of every observation written, for metrics. */
  onObservations?: (observations: Observation[]) => void;
  now?: () => Date;
}

export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** One record of the batch after reading: what to store, and whether the mapping should deliver it again. */
interface Processed {
  sequenceNumber: string;
  record?: JobRecord;
  observation?: Observation;
  attempts?: number;
  /** No further attempt: the status is an answer, retrying cannot help, or this was the last attempt. */
  final?: boolean;
  retry: boolean;
}

export const DEFAULT_PAGE_ATTEMPTS = 3;

/**
 * One Kinesis batch: skip jobs their run already finished (a redelivery), read every other page
 * (several at once), store evidence, then write all observations in as few DynamoDB requests as
 * possible. Only records that failed, or whose page may load on another try, are reported back
 * (ReportBatchItemFailures), so the event source mapping retries just those.
 *
 * Deliberately not the usual "a record handler throws to fail its record": one batched write
 * serves the whole batch, so failures are collected per record and reported together after it.
 */
export async function scrapeBatch(records: KinesisStreamRecord[], deps: ScrapeDeps): Promise<BatchResponse> {
  const limit = pLimit(deps.concurrency);
  const lanes = laneLimits();
  const reading: AttemptDeps = {
    ...deps,
    sessions: deps.sessions ?? createSessionPool(poolResolver()),
    pace: deps.pace ?? sitePacer(deps.tableName),
  };
  const decoded = records.map((record, index) => ({ record, decoded: decodeJobRecord(record, index) }));
  const valid = decoded.flatMap(({ decoded: d }) => (d.ok ? [d.record] : []));
  // Read once per batch, and only if the batch has a `render: auto` page.
  let verdicts: Promise<RenderVerdicts> | undefined;
  reading.renderVerdicts = () =>
    (verdicts ??= loadRenderVerdicts(
      deps.tableName,
      valid.map((record) => record.job),
      (message) => deps.log.warn(message, {}),
    ));
  const progress = valid.length > 0 ? await jobProgress(deps.tableName, valid) : new Map();
  const processed = await Promise.all(
    decoded.map(({ record, decoded: d }): Processed | null | Promise<Processed> => {
      const sequenceNumber = record.kinesis.sequenceNumber;
      if (!d.ok) {
        // Retrying cannot fix it, but failing it is what sends it to the dead-letter queue (after
        // the mapping's few retries), with its sequence number, instead of losing it.
        deps.log.error('malformed job record', { error: d.error });
        return { sequenceNumber, retry: true };
      }
      const known = progress.get(progressKey(d.record));
      if (known?.finished) return null; // redelivered, already done
      // A lane's limit first, so a page waiting for its site takes no tab from another site; a
      // tab only while a page loads, so a page waiting to try again holds none either. The
      // evidence is uploaded after the lane is free: the lane's next page need not wait for S3.
      const lane = lanes(record.kinesis.partitionKey, d.record);
      let started = 0;
      return lane(() => {
        started = performance.now();
        return readRecord(d.record, reading, limit);
      }).then((read) =>
        read === 'no time'
          ? { sequenceNumber, retry: true }
          : processRecord(sequenceNumber, d.record, read, reading, started, known?.attempts ?? 0),
      );
    }),
  );
  const live = processed.filter((entry): entry is Processed => entry !== null);
  const retried = await storeObservations(live, deps);
  return {
    batchItemFailures: live
      .filter((entry) => entry.retry || retried.has(entry))
      .map((entry) => ({ itemIdentifier: entry.sequenceNumber })),
  };
}

/**
 * One limit per lane (the record's partition key) of the batch: a site × market's lanes × their
 * width (pages at once, which the key says) is at most its `rate.concurrency` (jobs/lanes.ts). Each
 * lane is read by one batch at a time, so the retailer sees at most that many pages at once,
 * whatever the number of functions. A record put before lanes (keyed site#market) is read one page
 * at a time.
 */
function laneLimits() {
  const limits = new Map<string, LimitFunction>();
  return (partitionKey: string | undefined, record: JobRecord): LimitFunction => {
    const key = partitionKey || `${record.job.site}#${record.job.market}`;
    let limit = limits.get(key);
    if (!limit) limits.set(key, (limit = pLimit(laneWidthOf(key))));
    return limit;
  };
}

/** A job's page, read in its lane; 'no time' when too little of the invocation is left to start it. */
async function readRecord(job: JobRecord, deps: AttemptDeps, tab: LimitFunction): Promise<ReadAttempts | 'no time'> {
  const remaining = deps.remainingMs?.() ?? Number.POSITIVE_INFINITY;
  if (remaining < (deps.pageBudgetMs ?? 0)) {
    deps.log.warn('too little time left to start a page; record left for retry', {
      job: job.job,
      remainingMs: remaining,
    });
    return 'no time';
  }
  return readJob(job, deps, tab);
}

/** A page read: its evidence stored, its observation made, whether it is final. */
async function processRecord(
  sequenceNumber: string,
  job: JobRecord,
  { outcome, retryable }: ReadAttempts,
  deps: AttemptDeps,
  started: number,
  previousAttempts: number,
): Promise<Processed> {
  const evidence = await storeEvidence(deps.bucketName, job, outcome.captures);
  const now = (deps.now ?? (() => new Date()))();
  const observation = {
    ...toObservation(job, outcome, evidence, now),
    readMs: Math.round(performance.now() - started),
  };
  const attempts = previousAttempts + 1;
  const spent = attempts >= (deps.pageAttempts ?? DEFAULT_PAGE_ATTEMPTS);
  const final = isAnswer(outcome.status) || !retryable || spent;
  const where = {
    runId: job.runId,
    date: job.date,
    site: job.job.site,
    market: job.job.market,
    page: job.job.page,
    keyword: job.job.keyword,
  };
  // One line per page, with everything needed to find it again.
  deps.log.info?.('page read', {
    ...where,
    url: observation.pageUrl,
    status: observation.status,
    attempts,
    readMs: observation.readMs,
    message: observation.message,
  });
  if (spent && !isAnswer(outcome.status) && retryable) {
    deps.log.error('page exhausted its attempts; its last status stands', {
      ...where,
      status: observation.status,
      attempts,
      message: observation.message,
    });
  }
  return { sequenceNumber, record: job, observation, attempts, final, retry: !final };
}

/**
 * Writes the batch's observations and job markers. Observations of the same page and day from two
 * runs (a double-click, a manual scan during the daily one) share a key: the later one is kept,
 * both runs' markers are written. An observation DynamoDB refuses as it is (too large, a bad value)
 * is replaced by a failed one that says why, so the page is still accounted for. Returns the
 * records whose writes did not all land: the mapping delivers them again.
 */
async function storeObservations(live: Processed[], deps: ScrapeDeps): Promise<Set<Processed>> {
  const stored = live
    .filter((entry) => entry.observation)
    .sort((a, b) => a.observation!.observedAt.localeCompare(b.observation!.observedAt));
  // The day names its partitions before they hold anything (a run launched by an older fan-out did not).
  for (const [date, markets] of marketsByDay(stored.map((entry) => entry.observation!)))
    await addDayMarkets(deps.tableName, date, markets);
  const first = await writeItems(
    stored.flatMap((entry) => itemsOf(entry, deps)),
    { tableName: deps.tableName },
  );
  const owners = (key: string) => stored.filter((entry) => itemsOf(entry, deps).some((item) => itemKey(item) === key));
  const refusedOwners = new Set(first.refused.flatMap(({ item }) => owners(itemKey(item))));
  if (first.refused.length) {
    deps.log.error('DynamoDB refused items as they are; their pages are recorded as failed instead, not retried', {
      errors: first.refused.map(({ item, error }) => ({ key: itemKey(item), error })),
    });
  }
  const replaced = [...refusedOwners].map((entry) => {
    const error =
      first.refused.find(({ item }) => itemsOf(entry, deps).some((own) => itemKey(own) === itemKey(item)))?.error ??
      'refused';
    return Object.assign(entry, { observation: unstorable(entry.observation!, error), final: true, retry: false });
  });
  const second = replaced.length
    ? await writeItems(
        replaced.flatMap((entry) => itemsOf(entry, deps)),
        { tableName: deps.tableName },
      )
    : { unwritten: [], refused: [] };
  const unwritten = [...first.unwritten, ...second.unwritten, ...second.refused.map(({ item }) => item)];
  if (unwritten.length)
    deps.log.error('observations not written after retries; their records will be retried', {
      count: unwritten.length,
      keys: unwritten.map(itemKey),
    });
  const failed = new Set(unwritten.flatMap((item) => owners(itemKey(item))));
  deps.onObservations?.(stored.filter((entry) => !failed.has(entry)).map((entry) => entry.observation!));
  return failed;
}

function itemsOf(entry: Processed, deps: Pick<ScrapeDeps, 'retentionDays'>): Array<Record<string, unknown>> {
  if (!entry.observation || !entry.record) return [];
  const observation = entry.observation;
  return [
    observationItem(observation, { retentionDays: deps.retentionDays }),
    runJobItem(
      entry.record.runId,
      entry.record.job,
      { status: observation.status, attempts: entry.attempts ?? 1, final: entry.final ?? false },
      new Date(observation.observedAt),
    ),
  ];
}

/** What is kept of a page whose observation DynamoDB refused: its identity, its evidence and why. */
function unstorable(observation: Observation, error: string): Observation {
  const { tiles: _tiles, slots: _slots, missingSlots: _missing, ...kept } = observation;
  return {
    ...kept,
    status: 'failed',
    summary: null,
    message: `The page was read (status ${observation.status}), but DynamoDB refused its observation (${error.slice(0, 300)}); see its evidence`,
  };
}
