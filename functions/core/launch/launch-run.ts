import type { Target } from '../jobs/expand.ts';
import { createRun, RunExistsError } from '../store/runs/create-run.ts';
import { QUEUED, runJobItem } from '../store/runs/job-marker.ts';
import { recordRunError } from '../store/runs/run-error.ts';
import { writeItems } from '../store/write-items.ts';
import { putJobs } from './put-jobs.ts';
import type { PlannedRun } from './plan-run.ts';

export interface LaunchDeps {
  tableName: string;
  streamName: string;
  /** Which lane (partition key) each job goes to (jobs/lanes.ts). */
  partitionKeyOf?: (job: Target) => string;
}

/**
 * Records the run and a `queued` marker for each of its jobs, then puts the jobs on the stream.
 * Markers first, so no scrape can finish a job before its marker exists (a later marker would
 * overwrite the result), and so a run always knows which of its jobs are not finished: what
 * `shelfwatch redrive` puts back after a crash or a dead letter. If the jobs cannot all be put,
 * the run says so. A run id that exists already is not launched again: false.
 */
export async function launchRun(planned: PlannedRun, deps: LaunchDeps): Promise<boolean> {
  const { run, jobs } = planned;
  try {
    await createRun(deps.tableName, run, [...new Set(jobs.map((job) => `${job.site}#${job.market}`))]);
  } catch (error) {
    if (error instanceof RunExistsError) return false;
    throw error;
  }
  try {
    const createdAt = new Date(run.createdAt);
    const queued = await writeItems(
      jobs.map((job) => runJobItem(run.runId, job, { status: QUEUED, attempts: 0, final: false }, createdAt)),
      { tableName: deps.tableName, concurrency: 8 },
    );
    const lost = queued.unwritten.length + queued.refused.length;
    if (lost)
      throw new Error(
        `could not record ${lost} of ${jobs.length} jobs as queued${queued.refused[0] ? ` (${queued.refused[0].error})` : ''}`,
      );
    await putJobs(run.runId, run.date, jobs, {
      streamName: deps.streamName,
      partitionKeyOf: deps.partitionKeyOf,
      selectorsVersion: run.selectorsVersion,
    });
  } catch (error) {
    await recordRunError(deps.tableName, run.runId, (error as Error).message);
    throw error;
  }
  return true;
}
