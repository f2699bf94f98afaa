import { randomUUID } from 'node:crypto';
import { expandTargets, type JobFilter, type Target } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import type { RunRecord, Trigger } from '../store/model.ts';

/** A scan request that names something the selector files do not have. Shown to the caller (400). */
export class UnknownTargetError extends Error {
  override name = 'UnknownTargetError';
  /** Where in the filter, e.g. `markets[1]`; empty when the filter as a whole is at fault. */
  readonly field: string;
  /** What is wrong there. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(field ? `${field}: ${detail}` : detail);
    this.field = field;
    this.detail = detail;
  }
}

export interface PlannedRun {
  run: RunRecord;
  jobs: Target[];
}

/** Checks a filter against the selector files and expands it into the run's jobs. Pure. */
export function planRun(
  sites: LoadedSite[],
  input: { trigger: Trigger; date: string; filter: JobFilter; now: Date; runId?: string },
): PlannedRun {
  const known = {
    sites: [...new Set(sites.map((site) => site.site))],
    markets: [...new Set(sites.map((site) => site.market))],
  };
  for (const field of ['sites', 'markets'] as const) {
    input.filter[field]?.forEach((name, index) => {
      if (!known[field].includes(name)) {
        throw new UnknownTargetError(
          `${field}[${index}]`,
          `unknown ${field.slice(0, -1)} "${name}" (configured: ${known[field].sort().join(', ')})`,
        );
      }
    });
  }
  const jobs = expandTargets(sites, input.filter);
  if (jobs.length === 0) throw new UnknownTargetError('', 'the filter matches no configured page');
  const runId = input.runId ?? `${input.date}-${randomUUID().slice(0, 8)}`;
  return {
    run: {
      runId,
      date: input.date,
      trigger: input.trigger,
      filter: input.filter,
      jobsExpected: jobs.length,
      createdAt: input.now.toISOString(),
    },
    jobs,
  };
}

/**
 * The run id of a scheduled scan, made from the time it was due: a second delivery of the same
 * schedule (the scheduler retries, a deploy fires it twice) gets the same id, finds the run, and
 * puts nothing again. `2026-11-23-daily-060000` for the scan due at 06:00:00 UTC on that day.
 */
export function scheduledRunId(date: string, dueAt: Date): string {
  return `${date}-daily-${dueAt.toISOString().slice(11, 19).replaceAll(':', '')}`;
}
