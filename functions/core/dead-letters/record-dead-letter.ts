import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { KinesisStreamRecord } from 'aws-lambda';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { kinesis } from '../aws/kinesis.ts';
import { s3 } from '../aws/s3.ts';
import { markPutBack } from '../store/runs/put-back.ts';
import { describeTarget } from '../jobs/describe.ts';
import type { JobRecord } from '../jobs/record.ts';
import { failureRecordSchema, type FailureRecord } from '../schemas/failure-record.ts';
import { formatPath, describeIssue } from '../schemas/issue-wording.ts';
import { addDayMarkets, marketsByDay } from '../store/days/add-day-markets.ts';
import { observationItem } from '../store/observations/item.ts';
import { runJobItem } from '../store/runs/job-marker.ts';
import { jobProgress, progressKey } from '../store/runs/job-progress.ts';
import { itemKey, writeItems } from '../store/write-items.ts';
import { decodeJobRecord } from '../jobs/decode-record.ts';
import { toObservation } from '../reading/to-observation.ts';

export interface DeadLetterDeps {
  tableName: string;
  /** The stream a page never tried is put back on (its partition key kept: its lane holds). */
  streamName: string;
  /** Days an observation is kept after its scan day (HISTORY_RETENTION_DAYS); 0 keeps it. */
  retentionDays?: number;
  now?: () => Date;
  log: { error(message: string, extra: Record<string, unknown>): void };
}

export interface RecordedDeadLetter {
  /** Where the failure record is: s3://bucket/key, what a marker keeps for redrive. */
  location: string;
  condition: string;
  /** Pages of the batch that had no final status yet, now recorded as failed with the reason. */
  recorded: JobRecord[];
  /** Pages of the batch some attempt finished after all (a redelivered record): left as they are. */
  finished: number;
  /** Pages never tried (the function ran out of time before them): put back on the stream, not failed. */
  putBack: JobRecord[];
  /** Records whose data is not a job (nothing to record; the failure record keeps them). */
  malformed: string[];
}

/** The failure record can be read but is not one: nothing is recorded, and the function fails (retried). */
export class BadFailureRecordError extends Error {
  override name = 'BadFailureRecordError';
}

/**
 * A batch the stream's mapping gave up on (its retries spent: the function crashed, timed out or
 * ran out of memory on it each time) ends as an observation per page: failed, saying why and
 * where its job is kept, so the run finishes, the scorecard shows the gap, and `shelfwatch redrive`
 * can put exactly these jobs back (their markers name the failure record).
 */
export async function recordDeadLetter(bucket: string, key: string, deps: DeadLetterDeps): Promise<RecordedDeadLetter> {
  const location = `s3://${bucket}/${key}`;
  const failure = await readFailureRecord(bucket, key);
  const decoded = failure.payload.Records.map((record, index) =>
    decodeJobRecord(record as unknown as KinesisStreamRecord, index),
  );
  const jobs = decoded.flatMap((d) => (d.ok ? [d.record] : []));
  const malformed = decoded.flatMap((d) => (d.ok ? [] : [d.error]));
  if (malformed.length) deps.log.error('dead-lettered records that are not jobs', { location, malformed });
  const progress = jobs.length ? await jobProgress(deps.tableName, jobs) : new Map();
  const unfinished = jobs.filter((job) => !progress.get(progressKey(job))?.finished);
  // A page no attempt ever read was reported back only because the function had no time left to
  // start it: it is put back on the stream, a few times at most, instead of recorded as failed.
  const untried = unfinished.filter((job) => {
    const known = progress.get(progressKey(job));
    return (known?.attempts ?? 0) === 0 && (known?.putBack ?? 0) < MAX_PUT_BACK;
  });
  await putBack(untried, failure, deps);
  const open = unfinished.filter((job) => !untried.includes(job));
  const now = (deps.now ?? (() => new Date()))();
  const reason = describeFailure(failure);
  const items = open.flatMap((job) => {
    const known = progress.get(progressKey(job));
    const putBackBefore = known?.putBack ? `, after being put back unread ${known.putBack} time(s)` : '';
    const observation = toObservation(
      job,
      {
        status: 'failed',
        result: null,
        captures: [],
        message: `${reason}${putBackBefore}; the job is kept in ${location}: put it back with shelfwatch redrive --run ${job.runId}`,
      },
      { html: [], screenshot: null },
      now,
    );
    return [
      observationItem(observation, { retentionDays: deps.retentionDays }),
      runJobItem(
        job.runId,
        job.job,
        {
          status: 'failed',
          attempts: Math.max(failure.requestContext.approximateInvokeCount, known?.attempts ?? 0),
          final: true,
          deadLetter: location,
          ...(known?.putBack ? { putBack: known.putBack } : {}),
        },
        now,
      ),
    ];
  });
  for (const [date, markets] of marketsByDay(open.map((job) => ({ date: job.date, ...job.job }))))
    await addDayMarkets(deps.tableName, date, markets);
  const written = await writeItems(items, { tableName: deps.tableName });
  const lost = [...written.unwritten, ...written.refused.map(({ item }) => item)];
  // Thrown so that the delivery is retried: nothing of the batch may be left unrecorded.
  if (lost.length)
    throw new Error(`${location}: ${lost.length} item(s) not written (${lost.map(itemKey).join(', ')}); retried`);
  return {
    location,
    condition: failure.requestContext.condition,
    recorded: open,
    finished: jobs.length - unfinished.length,
    putBack: untried,
    malformed,
  };
}

/** A page is put back unread this many times at most; then it is recorded as failed like any other. */
const MAX_PUT_BACK = 2;

/** The records of these jobs, as they were, back on the stream under their own partition keys. */
async function putBack(jobs: JobRecord[], failure: FailureRecord, deps: DeadLetterDeps): Promise<void> {
  if (jobs.length === 0) return;
  const wanted = new Set(jobs.map((job) => progressKey(job)));
  const records = failure.payload.Records.flatMap((record, index) => {
    const decoded = decodeJobRecord(record as unknown as KinesisStreamRecord, index);
    return decoded.ok && wanted.has(progressKey(decoded.record))
      ? [
          {
            Data: Buffer.from(record.kinesis.data, 'base64'),
            PartitionKey: record.kinesis.partitionKey ?? decoded.record.job.site,
          },
        ]
      : [];
  });
  const answer = await kinesis().send(new PutRecordsCommand({ StreamName: deps.streamName, Records: records }));
  // Thrown so that the delivery is retried: a page must not be left neither read nor recorded.
  if (answer.FailedRecordCount)
    throw new Error(`${answer.FailedRecordCount} page(s) not put back on the stream; retried`);
  for (const job of jobs) await markPutBack(deps.tableName, job.runId, job.job);
}

async function readFailureRecord(bucket: string, key: string): Promise<FailureRecord> {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await object.Body?.transformToString('utf8')) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadFailureRecordError(`s3://${bucket}/${key} is not JSON`);
  }
  const parsed = failureRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BadFailureRecordError(
    `s3://${bucket}/${key} is not a failure record: ${formatPath(issue.path) || '(root)'}: ${describeIssue(issue)}`,
  );
}

/** Why the mapping gave up, as a person reads it. */
export function describeFailure(failure: FailureRecord): string {
  const tries = failure.requestContext.approximateInvokeCount;
  const why =
    failure.requestContext.condition === 'RecordAgeExceeded'
      ? 'the record outlived the mapping’s maximum record age'
      : failure.requestContext.condition === 'RetryAttemptsExhausted'
        ? 'its retries were spent'
        : failure.requestContext.condition;
  const error = failure.responseContext?.functionError
    ? ` (function error: ${failure.responseContext.functionError}: a crash, a timeout or out of memory; see the scrape function's logs at ${failure.timestamp})`
    : '';
  return `The scrape function gave up on this page after ${tries} invocation${tries === 1 ? '' : 's'} of its batch: ${why}${error}`;
}

/** A page a failure record names, as people name it (for logs and the local stack's output). */
export const describeDeadJob = (job: JobRecord) => `${describeTarget(job.job)} (run ${job.runId})`;
