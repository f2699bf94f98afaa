import { setTimeout as sleep } from 'node:timers/promises';
import type { Redrive } from '../../functions/core/redrive/redrive-run.ts';
import type { RunProgress } from '../../functions/core/store/model.ts';

export interface StackRuns {
  runProgress(runId: string): Promise<RunProgress | null>;
  /**
   * Resolves when every job of the run is finished and no delivery or retry is in flight; or, with
   * the run unfinished, once nothing has been in flight for a while (its missing pages were
   * dead-lettered or lost: the caller says so, and `redrive` can put them back).
   */
  waitForRun(
    runId: string,
    onProgress?: (progress: RunProgress) => void,
    timeoutMs?: number,
    pollMs?: number,
  ): Promise<RunProgress>;
  lastScannedDay(): Promise<string | null>;
  /** Runs of the last scanned days that did not finish (a stack stopped mid-run), oldest first. */
  unfinishedRuns(): Promise<RunProgress[]>;
  /** Puts every job of the run without a final status back on the stream (shelfwatch redrive). */
  redrive(runId: string): Promise<Redrive>;
}

/**
 * What the local stack offers about its runs. The store's modules are imported here, once the SDK
 * settings point at the local servers (the clients read them when first used).
 */
export async function stackRuns(stack: {
  tableName: string;
  streamName: string;
  /** Nothing delivered or retried on the stream right now. */
  idle: () => boolean;
}): Promise<StackRuns> {
  const { tableName } = stack;
  const { getRunProgress } = await import('../../functions/core/store/runs/run-progress.ts');
  const { redriveRun } = await import('../../functions/core/redrive/redrive-run.ts');
  const { runsOfDay } = await import('../../functions/core/store/runs/runs-of-day.ts');
  const { scannedDays } = await import('../../functions/core/store/days/scanned-days.ts');
  const { loadBundledSelectors } = await import('../../functions/core/selectors/bundled.ts');
  const { siteOriginsEnv } = await import('../../functions/core/config/env.ts');
  const { jobPartitioner } = await import('../../functions/core/jobs/lanes.ts');
  return {
    runProgress: (runId) => getRunProgress(tableName, runId),
    async waitForRun(runId, onProgress, timeoutMs = 15 * 60_000, pollMs = 150) {
      const started = Date.now();
      let idleSince: number | null = null;
      for (;;) {
        const progress = await getRunProgress(tableName, runId);
        if (!progress) throw new Error(`run ${runId} is not in the table`);
        onProgress?.(progress);
        const idle = stack.idle();
        if (progress.complete && idle) return progress;
        idleSince = idle ? (idleSince ?? Date.now()) : null;
        if (idleSince !== null && Date.now() - idleSince > 3_000) return progress;
        if (Date.now() - started > timeoutMs)
          throw new Error(`run ${runId} did not finish within ${timeoutMs / 1000} s (${progress.pending} pending)`);
        await sleep(pollMs);
      }
    },
    async lastScannedDay() {
      return (await scannedDays(tableName, 1))[0] ?? null;
    },
    async unfinishedRuns() {
      const days = (await scannedDays(tableName, 14)).reverse();
      const runs = (await Promise.all(days.map((day) => runsOfDay(tableName, day)))).flat();
      const progress = await Promise.all(runs.map((runId) => getRunProgress(tableName, runId)));
      return progress.filter((run): run is RunProgress => run !== null && !run.complete);
    },
    async redrive(runId) {
      const { sites } = await loadBundledSelectors(siteOriginsEnv(), () => undefined);
      // Keyed as the fan-out keys them, so a market's lanes and its rate hold for redriven pages too.
      return redriveRun(runId, {
        tableName,
        streamName: stack.streamName,
        sites,
        partitionKeyOf: jobPartitioner(sites),
      });
    },
  };
}
