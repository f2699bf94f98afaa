import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { dayMarkets } from '../days/day-markets.ts';
import { marketDayPartition } from '../keys.ts';

/**
 * How many observations a day holds so far, per site × market partition (counted, no item read):
 * what decides whether a day without built views is small enough to build for one request.
 */
export async function countDay(
  tableName: string,
  date: string,
): Promise<{ pages: number; markets: Array<[string, string]> }> {
  const markets = await dayMarkets(tableName, date);
  let pages = 0;
  for (const [site, market] of markets) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :obs)',
          ExpressionAttributeValues: { ':pk': marketDayPartition(date, site, market), ':obs': 'OBS#' },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      pages += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return { pages, markets };
}
