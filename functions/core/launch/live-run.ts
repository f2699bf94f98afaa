import type { Target } from '../jobs/expand.ts';
import { jobPartitioner, type Fleet } from '../jobs/lanes.ts';
import type { LiveSelectors } from '../selector-versions/live-selectors.ts';
import { launchRun, type LaunchDeps } from './launch-run.ts';
import { planRun, type PlannedRun } from './plan-run.ts';

/**
 * A run planned with the live version of the selector files, whose number the run and each of its
 * jobs carry (so a push during the run changes none of its pages), and the lanes of its markets.
 * A filter naming what the files do not have throws UnknownTargetError (plan-run.ts).
 */
export async function planLiveRun(
  selectors: LiveSelectors,
  input: Parameters<typeof planRun>[1],
  fleet?: Fleet,
): Promise<{ planned: PlannedRun; partitionKeyOf: (job: Target) => string }> {
  const { version, set } = await selectors.current();
  const planned = planRun(set.sites, input);
  if (version !== null) planned.run.selectorsVersion = version;
  return { planned, partitionKeyOf: jobPartitioner(set.sites, fleet) };
}

/** A run larger than its caller can launch in its time (an on-demand scan within the API's 30 s). */
export class TooManyJobsError extends Error {
  override name = 'TooManyJobsError';
}

/**
 * Plans a run with the live selector version and launches it (launchRun): false when the run existed
 * already. With `maxJobs`, a run of more jobs is refused before anything is written.
 */
export async function launchLiveRun(
  selectors: LiveSelectors,
  input: Parameters<typeof planRun>[1],
  deps: Omit<LaunchDeps, 'partitionKeyOf'> & { fleet?: Fleet | undefined; maxJobs?: number },
): Promise<{ run: PlannedRun['run']; launched: boolean }> {
  const { planned, partitionKeyOf } = await planLiveRun(selectors, input, deps.fleet);
  if (deps.maxJobs !== undefined && planned.jobs.length > deps.maxJobs)
    throw new TooManyJobsError(
      `a scan of ${planned.jobs.length} pages is more than an on-demand scan launches (at most ${deps.maxJobs}, within the API's 30 s): narrow it by markets, sites or kinds, or run shelfwatch scan --stack <name>`,
    );
  return { run: planned.run, launched: await launchRun(planned, { ...deps, partitionKeyOf }) };
}
