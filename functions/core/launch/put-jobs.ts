import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';
import { kinesis } from '../aws/kinesis.ts';
import { backoffMs } from '../backoff.ts';
import type { Target } from '../jobs/expand.ts';
import { partitionKeyOf } from '../jobs/lanes.ts';
import { encodeJobRecord } from '../jobs/record.ts';

export const PUT_RECORDS_LIMIT = 500;

export interface PutJobsOptions {
  streamName: string;
  /** Which lane (partition key) each job goes to; `site#market` when not given (jobs/lanes.ts). */
  partitionKeyOf?: (job: Target) => string;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** The selector files' version every job is read with (the run's). */
  selectorsVersion?: number | undefined;
  /** Called after each chunk is fully on the stream, for progress on large runs. */
  onProgress?: (put: number, total: number) => void;
}

export class PutJobsError extends Error {
  override name = 'PutJobsError';
}

/**
 * Puts every job on the stream with PutRecords, 500 at a time. Entries the response marks as failed
 * (throttled shards) are put again with backoff, so no job is dropped; if some still fail after the
 * last attempt the whole call throws, naming how many.
 */
export async function putJobs(runId: string, date: string, jobs: Target[], options: PutJobsOptions): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 100;
  let put = 0;
  for (let start = 0; start < jobs.length; start += PUT_RECORDS_LIMIT) {
    let entries: PutRecordsRequestEntry[] = jobs.slice(start, start + PUT_RECORDS_LIMIT).map((job) => ({
      Data: encodeJobRecord(runId, date, job, options.selectorsVersion),
      PartitionKey: (options.partitionKeyOf ?? partitionKeyOf)(job),
    }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      const response = await kinesis().send(
        new PutRecordsCommand({ StreamName: options.streamName, Records: entries }),
      );
      if (!response.FailedRecordCount) break;
      const failed = entries.filter((_entry, index) => response.Records?.[index]?.ErrorCode);
      if (attempt >= maxAttempts) {
        throw new PutJobsError(
          `Kinesis refused ${failed.length} of ${jobs.length} jobs after ${attempt} attempts (${response.Records?.find((r) => r.ErrorCode)?.ErrorCode})`,
        );
      }
      entries = failed;
      await sleep(backoffMs(attempt, baseDelayMs));
    }
    put = Math.min(jobs.length, start + PUT_RECORDS_LIMIT);
    options.onProgress?.(put, jobs.length);
  }
}
