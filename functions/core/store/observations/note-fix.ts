import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import type { Target } from '../../jobs/expand.ts';
import { isConditionFailed } from '../conditions.ts';
import { observationKey } from '../keys.ts';
import type { RunProgress, SuggestedFix } from '../model.ts';

/** Notes a proven selector fix on the observation as this run wrote it: a later run's read of the page is left as it is. */
export async function noteFix(
  tableName: string,
  target: Target,
  run: Pick<RunProgress, 'runId' | 'date'>,
  fix: SuggestedFix,
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: observationKey(run.date, target),
        UpdateExpression: 'SET suggestedFix = :fix',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeValues: { ':fix': fix, ':run': run.runId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
