import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import type { Target } from '../../jobs/expand.ts';
import { runJobKey } from '../keys.ts';

/** Counts a job put back on the stream unread, on its marker (which stays queued: nothing was read). */
export async function markPutBack(tableName: string, runId: string, job: Target): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: runJobKey(runId, job),
      UpdateExpression: 'ADD putBack :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}
