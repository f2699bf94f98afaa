import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { PAGE_STATUSES, type PageStatus } from '../extract/types.ts';
import { runKey, runPartition } from './keys.ts';
import type { RunProgress, RunRecord } from './model.ts';

/** A run and how far it got: its jobs' latest statuses, counted from the job items. */
export async function getRunProgress(tableName: string, runId: string): Promise<RunProgress | null> {
  const run = await dynamo().send(new GetCommand({ TableName: tableName, Key: runKey(runId) }));
  if (!run.Item) return null;
  const record = run.Item as RunRecord & { error?: string; alertedAt?: string };
  const done = Object.fromEntries(PAGE_STATUSES.map((status) => [status, 0])) as Record<PageStatus, number>;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
        ExpressionAttributeValues: { ':pk': runPartition(runId), ':job': 'JOB#' },
        ProjectionExpression: '#s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) done[item.status as PageStatus] += 1;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const finished = Object.values(done).reduce((sum, count) => sum + count, 0);
  const { runId: id, date, trigger, filter, jobsExpected, createdAt, error, alertedAt } = record;
  return { runId: id, date, trigger, filter, jobsExpected, createdAt, done, pending: Math.max(0, jobsExpected - finished), complete: finished >= jobsExpected, ...(error ? { error } : {}), ...(alertedAt ? { alertedAt } : {}) };
}
