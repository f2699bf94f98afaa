import { describe, expect, it } from 'vitest';
import { expandTargets, targetKey } from '../../../functions/core/jobs/expand.ts';
import { dayIn } from '../../../functions/core/day.ts';
import { planRun, UnknownTargetError } from '../../../functions/core/launch/plan-run.ts';
import { loadBundledSelectors } from '../../support/bundled-selectors.ts';

const { sites } = await loadBundledSelectors();
const now = new Date('2026-11-23T06:00:00Z');

describe('Job expansion and run planning', () => {
  it('expands site × market × page × keyword', () => {
    const jobs = expandTargets(sites);
    expect(jobs).toHaveLength(4 * (3 + 1 + 1));
    expect(jobs.filter((job) => job.market === 'fr' && job.kind === 'search').map((job) => job.keyword)).toEqual([
      'mascara',
      'gel sourcils',
      'rouge à lèvres',
    ]);
    expect(new Set(jobs.map(targetKey)).size).toBe(jobs.length);
  });

  it('narrows by site, market and kind', () => {
    const { run, jobs } = planRun(sites, {
      trigger: 'api',
      date: '2026-11-23',
      filter: { markets: ['fr', 'de'], kinds: ['placement'] },
      now,
    });
    expect(jobs.map((job) => `${job.market}/${job.page}`)).toEqual(['de/home', 'fr/home']);
    expect(run).toMatchObject({ date: '2026-11-23', trigger: 'api', jobsExpected: 2, createdAt: now.toISOString() });
    expect(run.runId).toMatch(/^2026-11-23-[0-9a-f]{8}$/);
  });

  it('names the field of an unknown target', () => {
    expect(() =>
      planRun(sites, { trigger: 'api', date: '2026-11-23', filter: { markets: ['fr', 'jp'] }, now }),
    ).toThrow(new UnknownTargetError('markets[1]', 'unknown market "jp" (configured: de, fr, uk, us)'));
    expect(() => planRun(sites, { trigger: 'api', date: '2026-11-23', filter: { sites: ['amazon'] }, now })).toThrow(
      'sites[0]: unknown site "amazon"',
    );
  });

  it('"today" is the schedule’s time zone’s today', () => {
    expect(dayIn(new Date('2026-11-23T23:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(dayIn(new Date('2026-11-23T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-24');
    expect(dayIn(new Date('2026-11-23T03:00:00Z'), 'America/New_York')).toBe('2026-11-22');
  });
});

describe('The run id of a scheduled scan', () => {
  it('is made from the time the schedule was due, so a second delivery finds the run', async () => {
    const { scheduledRunId } = await import('../../../functions/core/launch/plan-run.ts');
    const due = new Date('2026-11-23T06:00:00Z');
    expect(scheduledRunId('2026-11-23', due)).toBe('2026-11-23-daily-060000');
    expect(scheduledRunId('2026-11-23', new Date(due))).toBe(scheduledRunId('2026-11-23', due));
    // Another time due, another run; a schedule in Paris due at 06:00 local is 05:00 UTC.
    expect(scheduledRunId('2026-11-23', new Date('2026-11-23T05:00:00Z'))).toBe('2026-11-23-daily-050000');
    const { run } = planRun(sites, {
      trigger: 'schedule',
      date: '2026-11-23',
      filter: {},
      now,
      runId: scheduledRunId('2026-11-23', due),
    });
    expect(run.runId).toBe('2026-11-23-daily-060000');
  });
});
