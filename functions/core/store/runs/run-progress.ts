import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { PAGE_STATUSES, type PageStatus } from '../../extract/types.ts';
import { runKey, runPartition } from '../keys.ts';
import type { RunProgress, RunRecord } from '../model.ts';
import { queryAll } from '../query-all.ts';
import { isFinished, QUEUED } from './job-marker.ts';

/**
 * A run and how far it got, counted from its job markers: a job is finished when its status is an
 * answer or its attempts are spent, so a page waiting for a retry keeps the run open (alerts wait for it).
 */
export async function getRunProgress(tableName: string, runId: string): Promise<RunProgress | null> {
  const run = await dynamo().send(new GetCommand({ TableName: tableName, Key: runKey(runId) }));
  if (!run.Item) return null;
  const record = run.Item as RunRecord & { error?: string; alertedAt?: string };
  const done = Object.fromEntries(PAGE_STATUSES.map((status) => [status, 0])) as Record<PageStatus, number>;
  let finished = 0;
  let retrying = 0;
  const markers = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
    ExpressionAttributeValues: { ':pk': runPartition(runId), ':job': 'JOB#' },
    ProjectionExpression: '#s, attempts, #f',
    ExpressionAttributeNames: { '#s': 'status', '#f': 'final' },
  });
  for (const item of markers) {
    if (item.status === QUEUED) continue;
    done[item.status as PageStatus] += 1;
    if (isFinished(item)) finished += 1;
    else retrying += 1;
  }
  const { runId: id, date, trigger, filter, jobsExpected, createdAt, error, alertedAt, selectorsVersion } = record;
  const pending = Math.max(0, jobsExpected - finished);
  return {
    runId: id,
    date,
    trigger,
    filter,
    jobsExpected,
    createdAt,
    done,
    retrying,
    pending,
    complete: pending === 0,
    ...(selectorsVersion ? { selectorsVersion } : {}),
    ...(error ? { error } : {}),
    ...(alertedAt ? { alertedAt } : {}),
  };
}
