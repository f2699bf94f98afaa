import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { dayIndexKey, runKey, runsByDateKey } from '../keys.ts';
import type { RunRecord } from '../model.ts';

/** Records a new run (a run id is written once) and its day in the index of scanned days. */
export async function createRun(tableName: string, run: RunRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...runKey(run.runId), ...runsByDateKey(run.date, run.createdAt, run.runId), type: 'run', ...run },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...dayIndexKey(run.date), type: 'day', date: run.date, lastRunId: run.runId },
    }),
  );
}
