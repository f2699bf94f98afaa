import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { DAYS_PARTITION } from '../keys.ts';

/** The days a scan ran, newest first. */
export async function scannedDays(tableName: string, limit = 90): Promise<string[]> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': DAYS_PARTITION },
      ScanIndexForward: false,
      Limit: limit,
      ProjectionExpression: 'sk',
    }),
  );
  return (page.Items ?? []).map((item) => String(item.sk));
}
