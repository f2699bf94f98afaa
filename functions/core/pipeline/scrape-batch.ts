import type { KinesisStreamRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import type { BrowserPool, Lease } from '../browser/pool.ts';
import type { Classifier } from '../extract/classify.ts';
import { resolveJob } from '../jobs/expand.ts';
import type { JobRecord } from '../jobs/record.ts';
import { BrowserCrashedError } from '../page/errors.ts';
import { readPage, type ReadPageOptions } from '../page/read-page.ts';
import type { PageOutcome } from '../page/types.ts';
import type { Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { doneKey, doneStatuses } from '../store/done-jobs.ts';
import { observationItem } from '../store/observation-item.ts';
import type { Observation } from '../store/model.ts';
import { runJobItem } from '../store/run-job.ts';
import { writeItems } from '../store/write-items.ts';
import { decodeJobRecord } from './decode-record.ts';
import { storeEvidence } from './evidence.ts';
import { FINAL_STATUSES, RETRYABLE_STATUSES, toObservation } from './observation.ts';

export interface ScrapeDeps {
  sites: LoadedSite[];
  classify: Classifier;
  browsers: BrowserPool;
  tableName: string;
  bucketName: string;
  concurrency: number;
  readOptions?: Partial<ReadPageOptions>;
  guard?: RequestGuard;
  /** What the browsers' guarding proxy refused since a time, so a refused page says so. */
  refusalsSince?: (since: number) => Refusal[];
  /** Milliseconds left before the Lambda is stopped; no page starts when too few remain. */
  remainingMs?: () => number;
  /** Time a page may take at most; pages are not started with less than this left. */
  pageBudgetMs?: number;
  log: { info?(message: string, extra: Record<string, unknown>): void; warn(message: string, extra: Record<string, unknown>): void; error(message: string, extra: Record<string, unknown>): void };
  /** Told of every observation written, for metrics. */
  onObservations?: (observations: Observation[]) => void;
  now?: () => Date;
}

export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

interface Processed {
  sequenceNumber: string;
  observation?: Observation;
  items: Array<Record<string, unknown>>;
  /** Report the record as failed so the event source mapping delivers it again. */
  retry: boolean;
}

/**
 * One Kinesis batch: skip jobs this run already finished (a redelivery), read every other page
 * (several at once), store evidence, then write all observations in as few DynamoDB requests as
 * possible. Only records that failed, or whose page may load on another try, are reported back
 * (ReportBatchItemFailures), so the event source mapping retries just those.
 */
export async function scrapeBatch(records: KinesisStreamRecord[], deps: ScrapeDeps): Promise<BatchResponse> {
  const limit = pLimit(deps.concurrency);
  const decoded = records.map((record, index) => ({ record, decoded: decodeJobRecord(record, index) }));
  const valid = decoded.flatMap(({ decoded: d }) => (d.ok ? [d.record] : []));
  const done = valid.length > 0 ? await doneStatuses(deps.tableName, valid) : new Map<string, string>();
  const processed = await Promise.all(
    decoded.map(({ record, decoded: d }) => {
      const sequenceNumber = record.kinesis.sequenceNumber;
      if (!d.ok) {
        // Retrying cannot fix it, but failing it is what sends it to the dead-letter queue (after
        // the mapping's few retries), with its sequence number, instead of losing it.
        deps.log.error('malformed job record', { error: d.error });
        return { sequenceNumber, items: [], retry: true };
      }
      if (FINAL_STATUSES.has(done.get(doneKey(d.record)) ?? '')) return null; // redelivered, already done
      return limit(() => processRecord(sequenceNumber, d.record, deps));
    }),
  );
  const live = processed.filter((entry): entry is Processed => entry !== null);
  const unwritten = await writeItems(live.flatMap((entry) => entry.items), { tableName: deps.tableName });
  const unwrittenKeys = new Set(unwritten.map((item) => `${item.pk}|${item.sk}`));
  const failures = live.filter((entry) => entry.retry || entry.items.some((item) => unwrittenKeys.has(`${item.pk}|${item.sk}`)));
  if (unwritten.length) deps.log.error('observations not written after retries; their records will be retried', { count: unwritten.length });
  deps.onObservations?.(live.flatMap((entry) => (entry.observation && !entry.items.some((item) => unwrittenKeys.has(`${item.pk}|${item.sk}`)) ? [entry.observation] : [])));
  return { batchItemFailures: failures.map((entry) => ({ itemIdentifier: entry.sequenceNumber })) };
}

async function processRecord(sequenceNumber: string, job: JobRecord, deps: ScrapeDeps): Promise<Processed> {
  const remaining = deps.remainingMs?.() ?? Number.POSITIVE_INFINITY;
  if (remaining < (deps.pageBudgetMs ?? 0)) {
    deps.log.warn('too little time left to start a page; record left for retry', { job: job.job, remainingMs: remaining });
    return { sequenceNumber, items: [], retry: true };
  }
  const started = performance.now();
  const { outcome, retryable } = await readJob(job, deps);
  const evidence = await storeEvidence(deps.bucketName, job, outcome.captures);
  const now = (deps.now ?? (() => new Date()))();
  const observation = { ...toObservation(job, outcome, evidence, now), readMs: Math.round(performance.now() - started) };
  // One line per page, with everything needed to find it again.
  deps.log.info?.('page read', { runId: job.runId, date: job.date, site: job.job.site, market: job.job.market, page: job.job.page, keyword: job.job.keyword, url: observation.pageUrl, status: observation.status, readMs: observation.readMs, message: observation.message });
  return {
    sequenceNumber,
    observation,
    items: [observationItem(observation), runJobItem(job.runId, job.job, observation.status, now)],
    retry: retryable && RETRYABLE_STATUSES.has(outcome.status),
  };
}

async function readJob(record: JobRecord, deps: ScrapeDeps): Promise<{ outcome: PageOutcome; retryable: boolean }> {
  const target = resolveJob(deps.sites, record.job);
  const { site, market, page } = record.job;
  if (!target) {
    // Another attempt would find the same files: recorded as failed at once.
    return { outcome: { status: 'failed', result: null, captures: [], message: `No page "${page}" for ${site}/${market} in the selector files (removed or broken?)` }, retryable: false };
  }
  let lease: Lease | undefined;
  const budget = deps.pageBudgetMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const reading = readPage(
      { ...target, keyword: record.job.keyword },
      { browser: async () => (lease ??= await deps.browsers.lease()).browser, classify: deps.classify, guard: deps.guard, refusalsSince: deps.refusalsSince, options: deps.readOptions },
    );
    reading.catch(() => undefined); // settled by the race below; a late failure must not go unhandled
    // Every step has its own timeout; this bounds the whole, in case a browser stops answering.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new BrowserCrashedError(`page did not finish within ${budget} ms; browser replaced`)), budget);
    });
    const outcome = await Promise.race([reading, deadline]);
    return { outcome, retryable: outcome.retryable ?? true };
  } catch (error) {
    if (error instanceof BrowserCrashedError) await deps.browsers.discard(lease?.browser);
    return { outcome: { status: 'failed', result: null, captures: [], message: `${site}/${market}/${page}: ${(error as Error).message}` }, retryable: true };
  } finally {
    clearTimeout(timer);
    lease?.release();
  }
}
