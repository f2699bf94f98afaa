import type { KinesisStreamRecord } from 'aws-lambda';
import pLimit, { type LimitFunction } from 'p-limit';
import { storeEvidence } from '../evidence/store-evidence.ts';
import { secondReadingOf } from '../accuracy/second-reading.ts';
import { isAnswer } from '../extract/types.ts';
import { decodeJobRecord } from '../jobs/decode-record.ts';
import type { JobRecord } from '../jobs/record.ts';
import { sitePacer, type SitePacer } from '../politeness/site-pace.ts';
import { readJob } from '../reading/read-job.ts';
import { toObservation } from '../reading/to-observation.ts';
import type { ReadAttempts, ReadDeps } from '../reading/types.ts';
import { loadRenderVerdicts, type RenderVerdicts } from '../rendering/render-verdicts.ts';
import { poolResolver } from '../sessions/resolve-pool.ts';
import { createSessionPool, type SessionPool } from '../sessions/session-pool.ts';
import type { Observation } from '../store/model.ts';
import { jobProgress, progressKey } from '../store/runs/job-progress.ts';
import { laneLimits } from './lane-limits.ts';
import { storeObservations, type ReadRecord } from './store-observations.ts';

export interface ScrapeDeps extends Omit<ReadDeps, 'sessions' | 'pace' | 'renderVerdicts'> {
  tableName: string;
  bucketName: string;
  /** Tabs at once in this function. */
  concurrency: number;
  /** Days an observation is kept after its scan day (HISTORY_RETENTION_DAYS); 0 keeps it forever. */
  retentionDays?: number;
  /** Attempts a page gets in all (the event source mapping's MaximumRetryAttempts + 1); after the last, its status is final. */
  pageAttempts?: number;
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

/** A record of the batch after reading: its page read (absent when it was not: malformed, no time), and whether to deliver it again. */
type Processed = { sequenceNumber: string; retry: boolean } & Partial<ReadRecord>;

export const DEFAULT_PAGE_ATTEMPTS = 3;

/**
 * One Kinesis batch: skip jobs their run already finished (a redelivery), read every other page
 * (several at once, reading/), store evidence, then write all observations in as few DynamoDB
 * requests as possible. Only records that failed, or whose page may load on another try, are
 * reported back (ReportBatchItemFailures), so the event source mapping retries just those.
 *
 * Deliberately not the usual "a record handler throws to fail its record": one batched write
 * serves the whole batch, so failures are collected per record and reported together after it.
 */
export async function scrapeBatch(records: KinesisStreamRecord[], deps: ScrapeDeps): Promise<BatchResponse> {
  const tabs = pLimit(deps.concurrency);
  const lanes = laneLimits();
  const decoded = records.map((record, index) => ({ record, decoded: decodeJobRecord(record, index) }));
  const valid = decoded.flatMap(({ decoded: d }) => (d.ok ? [d.record] : []));
  // Read once per batch, and only if the batch has a `render: auto` page.
  let verdicts: Promise<RenderVerdicts> | undefined;
  const reading: ReadDeps = {
    ...deps,
    sessions: deps.sessions ?? createSessionPool(poolResolver()),
    pace: deps.pace ?? sitePacer(deps.tableName),
    renderVerdicts: () =>
      (verdicts ??= loadRenderVerdicts(
        deps.tableName,
        valid.map((record) => record.job),
        (message) => deps.log.warn(message, {}),
      )),
  };
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
      let started = 0;
      return lanes(
        record.kinesis.partitionKey,
        d.record,
      )(() => {
        started = performance.now();
        return readInTime(d.record, reading, tabs);
      }).then((read): Processed | Promise<Processed> =>
        read === 'no time'
          ? { sequenceNumber, retry: true }
          : recordRead(sequenceNumber, d.record, read, deps, started, known?.attempts ?? 0),
      );
    }),
  );
  const live = processed.filter((entry): entry is Processed => entry !== null);
  const read = live.filter(wasRead);
  const unwritten = await storeObservations(read, deps);
  deps.onObservations?.(read.filter((entry) => !unwritten.has(entry)).map((entry) => entry.observation));
  // A page read is delivered again unless its status is final and stored (a refused item became final).
  const again = (entry: Processed) => (wasRead(entry) ? !entry.final || unwritten.has(entry) : entry.retry);
  return { batchItemFailures: live.filter(again).map((entry) => ({ itemIdentifier: entry.sequenceNumber })) };
}

const wasRead = (entry: Processed): entry is Processed & ReadRecord => entry.observation !== undefined;

/** A job's page, read in its lane; 'no time' when too little of the invocation is left to start it. */
async function readInTime(job: JobRecord, deps: ReadDeps, tab: LimitFunction): Promise<ReadAttempts | 'no time'> {
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

/** A page read: its evidence stored, its observation made, whether it is final; one log line for it. */
async function recordRead(
  sequenceNumber: string,
  job: JobRecord,
  { outcome, retryable }: ReadAttempts,
  deps: ScrapeDeps,
  started: number,
  previousAttempts: number,
): Promise<Processed & ReadRecord> {
  const evidence = await storeEvidence(deps.bucketName, job, outcome.captures);
  const secondEvidence = outcome.secondRead
    ? await storeEvidence(deps.bucketName, job, outcome.secondRead.captures, '-second')
    : null;
  const secondRead = secondEvidence && secondReadingOf(outcome, secondEvidence, outcome.secondRead!.alertBelow);
  const now = (deps.now ?? (() => new Date()))();
  const observation = {
    ...toObservation(job, outcome, evidence, now),
    ...(secondRead ? { secondRead } : {}),
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
    // `message` is the log line's own key (Powertools drops a second one): the page's goes as `detail`.
    detail: observation.message,
  });
  if (spent && !isAnswer(outcome.status) && retryable) {
    deps.log.error('page exhausted its attempts; its last status stands', {
      ...where,
      status: observation.status,
      attempts,
      detail: observation.message,
    });
  }
  return { sequenceNumber, record: job, observation, attempts, final, retry: !final };
}
