import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { runKey } from '../store/keys.ts';
import { createRun } from '../store/create-run.ts';
import { putJobs } from './put-jobs.ts';
import type { PlannedRun } from './start-run.ts';

export interface LaunchDeps {
  tableName: string;
  streamName: string;
}

/**
 * Records the run, then puts its jobs on the stream. The run is written first so progress is
 * visible from the first observation; if the jobs cannot all be put, the run says so.
 */
export async function launchRun(planned: PlannedRun, deps: LaunchDeps): Promise<void> {
  await createRun(deps.tableName, planned.run);
  try {
    await putJobs(planned.run.runId, planned.run.date, planned.jobs, { streamName: deps.streamName });
  } catch (error) {
    await dynamo().send(
      new UpdateCommand({ TableName: deps.tableName, Key: runKey(planned.run.runId), UpdateExpression: 'SET #e = :e', ExpressionAttributeNames: { '#e': 'error' }, ExpressionAttributeValues: { ':e': (error as Error).message } }),
    );
    throw error;
  }
}
