import type { Target } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import { getRunProgress } from '../store/runs/run-progress.ts';
import { unfinishedJobs } from '../store/runs/unfinished-jobs.ts';
import { putJobs } from './put-jobs.ts';

export interface RedriveDeps {
  tableName: string;
  streamName: string;
  /** The selector files, for jobs of the run that never got a marker. */
  sites: LoadedSite[];
}

export interface Redrive {
  runId: string;
  date: string;
  jobsExpected: number;
  /** The jobs put back on the stream: every job of the run without a final status. */
  jobs: Target[];
}

export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
}

/**
 * `shelfwatch redrive --run <id>`: puts every job of a run that has no final status back on the
 * stream, as the fan-out put it, so a run that lost pages (a crash mid-run, a dead letter, a
 * stream that expired) either finishes or says which pages it could not read. Jobs already
 * finished are left alone; a job put back twice is read once more at most (its marker decides).
 */
export async function redriveRun(runId: string, deps: RedriveDeps): Promise<Redrive> {
  const run = await getRunProgress(deps.tableName, runId);
  if (!run) throw new UnknownRunError(`no run ${runId}`);
  const jobs = await unfinishedJobs(deps.tableName, run, deps.sites);
  if (jobs.length) await putJobs(run.runId, run.date, jobs, { streamName: deps.streamName });
  return { runId: run.runId, date: run.date, jobsExpected: run.jobsExpected, jobs };
}
