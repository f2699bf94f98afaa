import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { GSI1, runsOfDayPartition } from './keys.ts';

/** The ids of one scan day's runs, oldest first; with `awaitingAlerts`, only those whose alerts are not sent. */
export async function runsOfDay(tableName: string, date: string, options: { awaitingAlerts?: boolean } = {}): Promise<string[]> {
  const runs: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :runs',
        ...(options.awaitingAlerts ? { FilterExpression: 'attribute_not_exists(alertedAt)' } : {}),
        ProjectionExpression: 'runId',
        ExpressionAttributeValues: { ':runs': runsOfDayPartition(date) },
        ExclusiveStartKey: startKey,
      }),
    );
    runs.push(...(page.Items ?? []).map((item) => String(item.runId)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return runs;
}
