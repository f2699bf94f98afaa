import { expandTargets, targetKey, type Target } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { runPartition } from '../store/keys.ts';
import type { RunRecord } from '../store/model.ts';
import { queryAll } from '../store/query-all.ts';
import { isFinished } from '../store/runs/job-marker.ts';

/**
 * The jobs of a run to put back on the stream: those the stream's mapping gave up on (recorded as
 * failed, their marker names the failure record), and those with no final status: queued and never
 * read (a crash, an expired stream), or read and waiting for an attempt that will not come. Read from the run's markers; a job with
 * no marker at all (a run launched before markers, or a fan-out that stopped halfway) is found by
 * expanding the run's filter over the selector files and taking what has no marker.
 */
export async function unfinishedJobs(
  tableName: string,
  run: Pick<RunRecord, 'runId' | 'filter' | 'jobsExpected'>,
  sites: LoadedSite[],
): Promise<Target[]> {
  const unfinished: Target[] = [];
  const marked = new Set<string>();
  const markers = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
    ExpressionAttributeValues: { ':pk': runPartition(run.runId), ':job': 'JOB#' },
  });
  for (const item of markers) {
    marked.add(String(item.sk).slice('JOB#'.length));
    if ((!isFinished(item) || item.deadLetter) && item.job) unfinished.push(item.job as Target);
  }
  if (marked.size < run.jobsExpected)
    unfinished.push(...expandTargets(sites, run.filter).filter((job) => !marked.has(targetKey(job))));
  return unfinished;
}
