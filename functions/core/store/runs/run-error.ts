import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { runKey } from '../keys.ts';

/** Says on the run why it could not be launched whole (its progress shows it; redrive puts back what is missing). */
export async function recordRunError(tableName: string, runId: string, message: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: runKey(runId),
      UpdateExpression: 'SET #e = :e',
      ExpressionAttributeNames: { '#e': 'error' },
      ExpressionAttributeValues: { ':e': message },
    }),
  );
}
