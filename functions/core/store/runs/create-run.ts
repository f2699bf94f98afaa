import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { addDayMarkets } from '../days/add-day-markets.ts';
import { dayIndexKey, runKey, runsByDateKey } from '../keys.ts';
import type { RunRecord } from '../model.ts';
import { isConditionFailed } from '../conditions.ts';

/** The run id is taken already: a second delivery of the same schedule, or a run id reused. */
export class RunExistsError extends Error {
  override name = 'RunExistsError';
}

/**
 * Records a new run (a run id is written once: a second attempt throws RunExistsError) and its day
 * in the index of scanned days, with the site × market partitions the day's observations will be in.
 */
export async function createRun(tableName: string, run: RunRecord, markets: string[]): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName,
        Item: { ...runKey(run.runId), ...runsByDateKey(run.date, run.createdAt, run.runId), type: 'run', ...run },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new RunExistsError(`run ${run.runId} exists already`);
    throw error;
  }
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: dayIndexKey(run.date),
      UpdateExpression: 'SET #type = :type, #date = :date, lastRunId = :run',
      ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
      ExpressionAttributeValues: { ':type': 'day', ':date': run.date, ':run': run.runId },
    }),
  );
  await addDayMarkets(tableName, run.date, markets);
}
