import { HISTORY_INDEX, runsOfDayPartition } from '../keys.ts';
import { queryAll } from '../query-all.ts';

/** The ids of one scan day's runs, oldest first; with `awaitingAlerts`, only those whose alerts are not sent. */
export async function runsOfDay(
  tableName: string,
  date: string,
  options: { awaitingAlerts?: boolean } = {},
): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName,
    IndexName: HISTORY_INDEX,
    KeyConditionExpression: 'gsi1pk = :runs',
    ...(options.awaitingAlerts ? { FilterExpression: 'attribute_not_exists(alertedAt)' } : {}),
    ProjectionExpression: 'runId',
    ExpressionAttributeValues: { ':runs': runsOfDayPartition(date) },
  });
  return items.map((item) => String(item.runId));
}
