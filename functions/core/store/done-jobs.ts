import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import type { PageStatus } from '../extract/types.ts';
import { jobKey, type PageJob } from '../jobs/expand.ts';
import { runJobKey } from './keys.ts';

export interface RunJobRef {
  runId: string;
  job: PageJob;
}

/**
 * The statuses already recorded for these jobs of their runs, in one BatchGetItem per 100 jobs:
 * a redelivered record whose job is done is skipped, not read again.
 */
export async function doneStatuses(tableName: string, refs: RunJobRef[]): Promise<Map<string, PageStatus>> {
  const statuses = new Map<string, PageStatus>();
  const keys = [...new Map(refs.map((ref) => [`${ref.runId}|${jobKey(ref.job)}`, runJobKey(ref.runId, ref.job)])).values()];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Array<Record<string, unknown>> = keys.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      const response = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: 'pk, sk, #s', ExpressionAttributeNames: { '#s': 'status' } } } }));
      for (const item of response.Responses?.[tableName] ?? []) statuses.set(`${item.pk}|${item.sk}`, item.status as PageStatus);
      pending = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return statuses;
}

export function doneKey(ref: RunJobRef): string {
  const key = runJobKey(ref.runId, ref.job);
  return `${key.pk}|${key.sk}`;
}
