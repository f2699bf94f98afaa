import type { Target } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { getRunProgress } from '../store/runs/run-progress.ts';
import { QUEUED, runJobItem } from '../store/runs/job-marker.ts';
import { unfinishedJobs } from './unfinished-jobs.ts';
import { writeItems } from '../store/write-items.ts';
import { putJobs } from '../launch/put-jobs.ts';

export interface RedriveDeps {
  tableName: string;
  streamName: string;
  /** The selector files, for jobs of the run that never got a marker. */
  sites: LoadedSite[];
  /** Which lane (partition key) each job goes to, as the fan-out put it (jobs/lanes.ts). */
  partitionKeyOf?: (job: Target) => string;
  now?: () => Date;
}

export interface Redrive {
  runId: string;
  date: string;
  jobsExpected: number;
  /** The jobs put back on the stream: every job of the run the mapping gave up on or without a final status. */
  jobs: Target[];
}

export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
}

/**
 * `shelfwatch redrive --run <id>`: puts every job of a run that the stream's mapping gave up on, or
 * that has no final status, back on the stream, as the fan-out put it, so a run that lost pages (a
 * crash mid-run, a dead letter, a stream that expired) either finishes or says which pages it could
 * not read. Their markers go back to queued first, with their attempts anew (a dead-lettered job's
 * marker is final, and the scraper skips finished jobs). Jobs read cleanly are left alone.
 */
export async function redriveRun(runId: string, deps: RedriveDeps): Promise<Redrive> {
  const run = await getRunProgress(deps.tableName, runId);
  if (!run) throw new UnknownRunError(`no run ${runId}`);
  const jobs = await unfinishedJobs(deps.tableName, run, deps.sites);
  if (jobs.length) {
    const now = (deps.now ?? (() => new Date()))();
    const queued = await writeItems(
      jobs.map((job) => runJobItem(run.runId, job, { status: QUEUED, attempts: 0, final: false }, now)),
      { tableName: deps.tableName },
    );
    if (queued.unwritten.length || queued.refused.length)
      throw new Error(
        `could not mark ${queued.unwritten.length + queued.refused.length} jobs as queued again; nothing put back, run it again`,
      );
    await putJobs(run.runId, run.date, jobs, {
      streamName: deps.streamName,
      partitionKeyOf: deps.partitionKeyOf,
      selectorsVersion: run.selectorsVersion,
    });
  }
  return { runId: run.runId, date: run.date, jobsExpected: run.jobsExpected, jobs };
}
