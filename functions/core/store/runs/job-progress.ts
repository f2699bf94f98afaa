import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamo } from '../../aws/dynamo.ts';
import { targetKey, type Target } from '../../jobs/expand.ts';
import { runJobKey } from '../keys.ts';
import { isFinished, type RunJobState } from './job-marker.ts';
import { backoffMs } from '../../backoff.ts';

export interface RunJobRef {
  runId: string;
  job: Target;
}

/** What a batch needs to know of a job before reading it: finished already (a redelivery), and its attempts so far. */
export interface JobProgress {
  finished: boolean;
  attempts: number;
  status: RunJobState['status'] | null;
  /** Times a dead letter put the job back on the stream unread (dead-letters/record-dead-letter.ts). */
  putBack: number;
}

/**
 * The recorded state of these jobs of their runs, in one BatchGetItem per 100 jobs: a redelivered
 * record whose job is finished is skipped, not read again, and an attempt is counted on the last.
 * Keys DynamoDB leaves unprocessed are asked again after a backoff; a key never answered counts as
 * not finished (the page is read again, never skipped).
 */
export async function jobProgress(tableName: string, refs: RunJobRef[]): Promise<Map<string, JobProgress>> {
  const found = new Map<string, JobProgress>();
  const keys = [
    ...new Map(refs.map((ref) => [`${ref.runId}|${targetKey(ref.job)}`, runJobKey(ref.runId, ref.job)])).values(),
  ];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Array<Record<string, unknown>> = keys.slice(start, start + 100);
    for (let attempt = 1; pending.length > 0 && attempt <= 6; attempt++) {
      if (attempt > 1) await sleep(backoffMs(attempt - 1, 50));
      const response = await dynamo().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ProjectionExpression: 'pk, sk, #s, attempts, #f, putBack',
              ExpressionAttributeNames: { '#s': 'status', '#f': 'final' },
            },
          },
        }),
      );
      for (const item of response.Responses?.[tableName] ?? []) {
        found.set(`${item.pk}|${item.sk}`, {
          finished: isFinished(item),
          attempts: Number(item.attempts ?? 0),
          status: (item.status as JobProgress['status']) ?? null,
          putBack: Number(item.putBack ?? 0),
        });
      }
      pending = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

export function progressKey(ref: RunJobRef): string {
  const key = runJobKey(ref.runId, ref.job);
  return `${key.pk}|${key.sk}`;
}
