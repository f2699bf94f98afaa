import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { runKey } from '../keys.ts';
import { runsOfDay } from './runs-of-day.ts';
import { isConditionFailed } from '../conditions.ts';

/**
 * A run's alerts are sent once: a sender first claims the run for a while (another sweep running at
 * the same time backs off), then marks it alerted; a sender that failed gives the claim back.
 */
export async function claimRunAlerts(tableName: string, runId: string, now: Date, holdMs: number): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: runKey(runId),
        UpdateExpression: 'SET alertClaimUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(alertedAt) AND (attribute_not_exists(alertClaimUntil) OR alertClaimUntil < :now)',
        ExpressionAttributeValues: {
          ':until': new Date(now.getTime() + holdMs).toISOString(),
          ':now': now.toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function markRunAlerted(
  tableName: string,
  runId: string,
  now: Date,
  outcome: { alerts: number; deliveries: unknown[] },
): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: runKey(runId),
      UpdateExpression:
        'SET alertedAt = :now, alertCount = :count, alertDeliveries = :deliveries REMOVE alertClaimUntil',
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':count': outcome.alerts,
        ':deliveries': outcome.deliveries,
      },
    }),
  );
}

export async function releaseRunAlerts(tableName: string, runId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({ TableName: tableName, Key: runKey(runId), UpdateExpression: 'REMOVE alertClaimUntil' }),
  );
}

/** Runs of one scan day whose alerts have not been sent. */
export function runsAwaitingAlerts(tableName: string, date: string): Promise<string[]> {
  return runsOfDay(tableName, date, { awaitingAlerts: true });
}
