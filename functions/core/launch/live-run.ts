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

/** Plans a run with the live selector version and launches it (launchRun): false when the run existed already. */
export async function launchLiveRun(
  selectors: LiveSelectors,
  input: Parameters<typeof planRun>[1],
  deps: Omit<LaunchDeps, 'partitionKeyOf'> & { fleet?: Fleet | undefined },
): Promise<{ run: PlannedRun['run']; launched: boolean }> {
  const { planned, partitionKeyOf } = await planLiveRun(selectors, input, deps.fleet);
  return { run: planned.run, launched: await launchRun(planned, { ...deps, partitionKeyOf }) };
}
