import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { expandJobs, jobKey, type PageJob } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { runPartition } from './keys.ts';
import type { RunRecord } from './model.ts';
import { isFinished } from './run-job.ts';

/**
 * The jobs of a run that have no final status: queued and never read (a crash, a dead letter),
 * or read and waiting for an attempt that will not come. Read from the run's markers; a job with
 * no marker at all (a run launched before markers, or a fan-out that stopped halfway) is found by
 * expanding the run's filter over the selector files and taking what has no marker.
 */
export async function unfinishedJobs(tableName: string, run: Pick<RunRecord, 'runId' | 'filter' | 'jobsExpected'>, sites: LoadedSite[]): Promise<PageJob[]> {
  const unfinished: PageJob[] = [];
  const marked = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
        ExpressionAttributeValues: { ':pk': runPartition(run.runId), ':job': 'JOB#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = String(item.sk).slice('JOB#'.length);
      marked.add(key);
      if (!isFinished(item) && item.job) unfinished.push(item.job as PageJob);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (marked.size < run.jobsExpected) unfinished.push(...expandJobs(sites, run.filter).filter((job) => !marked.has(jobKey(job))));
  return unfinished;
}
