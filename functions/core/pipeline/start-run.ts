import { randomUUID } from 'node:crypto';
import { expandJobs, type JobFilter, type PageJob } from '../jobs/expand.ts';
import type { LoadedSite } from '../selectors/load.ts';
import type { RunRecord, Trigger } from '../store/model.ts';

/** A scan request that names something the selector files do not have. Shown to the caller (400). */
export class UnknownTargetError extends Error {
  override name = 'UnknownTargetError';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

export interface PlannedRun {
  run: RunRecord;
  jobs: PageJob[];
}

/** Checks a filter against the selector files and expands it into the run's jobs. Pure. */
export function planRun(sites: LoadedSite[], input: { trigger: Trigger; date: string; filter: JobFilter; now: Date }): PlannedRun {
  const known = {
    sites: [...new Set(sites.map((site) => site.site))],
    markets: [...new Set(sites.map((site) => site.market))],
  };
  for (const field of ['sites', 'markets'] as const) {
    input.filter[field]?.forEach((name, index) => {
      if (!known[field].includes(name)) {
        throw new UnknownTargetError(`${field}[${index}]`, `unknown ${field.slice(0, -1)} "${name}" (configured: ${known[field].sort().join(', ')})`);
      }
    });
  }
  const jobs = expandJobs(sites, input.filter);
  if (jobs.length === 0) throw new UnknownTargetError('filter', 'matches no configured page');
  const runId = `${input.date}-${randomUUID().slice(0, 8)}`;
  return {
    run: { runId, date: input.date, trigger: input.trigger, filter: input.filter, jobsExpected: jobs.length, createdAt: input.now.toISOString() },
    jobs,
  };
}

/** The calendar day of an instant in a time zone: what "today's scan" means for the team. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
