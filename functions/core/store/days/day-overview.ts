import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { dayIndexKey } from '../keys.ts';

/** The landing page's line for a day, on its entry of the day index (scanned-days.ts reads it back). */
export interface DayOverview {
  pages: number;
  ok: number;
  problems: number;
  markets: number;
  builtAt: string;
}

export async function recordDayOverview(tableName: string, date: string, overview: DayOverview): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: dayIndexKey(date),
      UpdateExpression: 'SET overview = :overview',
      ExpressionAttributeValues: { ':overview': overview },
    }),
  );
}
