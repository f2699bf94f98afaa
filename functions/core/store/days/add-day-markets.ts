import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { dayIndexKey } from '../keys.ts';

/**
 * The site × market partitions a day's observations are in, kept on the day's entry of the day
 * index (`markets`, a string set of site#market): what a day's scorecard reads. The fan-out adds a
 * run's markets when it records the run, and every writer of observations adds theirs again (a set:
 * adding twice is harmless), so no observation is ever in a partition its day does not name.
 */
export async function addDayMarkets(tableName: string, date: string, markets: Iterable<string>): Promise<void> {
  const set = new Set(markets);
  // DynamoDB has no empty sets.
  if (set.size === 0) return;
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: dayIndexKey(date),
      UpdateExpression: 'SET #type = :type, #date = :date ADD markets :markets',
      ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
      ExpressionAttributeValues: { ':type': 'day', ':date': date, ':markets': set },
    }),
  );
}

/** The day × site#market pairs a set of observations is in, for addDayMarkets. */
export function marketsByDay(
  observations: Iterable<{ date: string; site: string; market: string }>,
): Map<string, Set<string>> {
  const byDay = new Map<string, Set<string>>();
  for (const { date, site, market } of observations) {
    const markets = byDay.get(date) ?? new Set<string>();
    markets.add(`${site}#${market}`);
    byDay.set(date, markets);
  }
  return byDay;
}

/** Adds a run's alerts to its day's count, for the list of days. */
export async function addDayAlerts(tableName: string, date: string, alerts: number): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: dayIndexKey(date),
      UpdateExpression: 'ADD alertCount :alerts',
      ExpressionAttributeValues: { ':alerts': alerts },
    }),
  );
}
