import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.ts';
import { PAGE_STATUSES, type PageStatus } from '../extract/types.ts';
import { runJobKey, runKey, runPartition, runsByDateKey } from './keys.ts';
import type { PageJob } from '../jobs/expand.ts';
import type { RunProgress, RunRecord } from './model.ts';

export async function createRun(tableName: string, run: RunRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...runKey(run.runId), ...runsByDateKey(run.date, run.createdAt, run.runId), type: 'run', ...run },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The item that marks one job of a run as done; written with the observation, so retries overwrite it. */
export function runJobItem(runId: string, job: PageJob, status: PageStatus, updatedAt: string): Record<string, unknown> {
  return { ...runJobKey(runId, job), type: 'run-job', status, updatedAt };
}

export async function getRunProgress(tableName: string, runId: string): Promise<RunProgress | null> {
  const run = await dynamo().send(new GetCommand({ TableName: tableName, Key: runKey(runId) }));
  if (!run.Item) return null;
  const record = run.Item as RunRecord;
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
  const { runId: id, date, trigger, filter, jobsExpected, createdAt } = record;
  return { runId: id, date, trigger, filter, jobsExpected, createdAt, done, pending: Math.max(0, jobsExpected - finished), complete: finished >= jobsExpected };
}
