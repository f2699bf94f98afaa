import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { dayIndexKey } from '../keys.ts';

/** The site × market pairs of a day (its partitions: see add-day-markets.ts), sorted. */
export async function dayMarkets(tableName: string, date: string): Promise<Array<[site: string, market: string]>> {
  const day = await dynamo().send(
    new GetCommand({ TableName: tableName, Key: dayIndexKey(date), ProjectionExpression: 'markets' }),
  );
  const markets = (day.Item?.markets as Set<string> | undefined) ?? new Set<string>();
  return [...markets].sort().map((entry) => entry.split('#') as [string, string]);
}
