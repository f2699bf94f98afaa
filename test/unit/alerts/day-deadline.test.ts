import { describe, expect, it } from 'vitest';
import { dayNotStarted, dueAt } from '../../../functions/core/alerts/day-deadline.ts';

describe('When the daily scan was due', () => {
  it('reads a daily cron in its time zone', () => {
    expect(dueAt('cron(0 6 * * ? *)', 'UTC', '2026-11-23')?.toISOString()).toBe('2026-11-23T06:00:00.000Z');
    expect(dueAt('cron(30 6 * * ? *)', 'Europe/Paris', '2026-11-23')?.toISOString()).toBe('2026-11-23T05:30:00.000Z');
    expect(dueAt('cron(30 6 * * ? *)', 'Europe/Paris', '2026-07-01')?.toISOString()).toBe('2026-07-01T04:30:00.000Z');
    expect(dueAt('cron(0 6 * * ? *)', 'America/New_York', '2026-11-23')?.toISOString()).toBe(
      '2026-11-23T11:00:00.000Z',
    );
  });

  it('judges no other expression', () => {
    expect(dueAt('rate(1 day)', 'UTC', '2026-11-23')).toBeNull();
    expect(dueAt('cron(0 6 ? * MON-FRI *)', 'UTC', '2026-11-23')).toBeNull();
  });
});

describe('A day that did not start', () => {
  const input = { expression: 'cron(0 6 * * ? *)', timeZone: 'UTC' };
  it('is not said before the schedule’s time and its grace', () => {
    expect(dayNotStarted({ ...input, now: new Date('2026-11-23T06:20:00Z'), scheduledRunIds: [] })).toBe(false);
  });
  it('is said after them when no run of the day’s schedule exists (an on-demand run does not count)', () => {
    const now = new Date('2026-11-23T06:45:00Z');
    expect(dayNotStarted({ ...input, now, scheduledRunIds: [] })).toBe(true);
    expect(dayNotStarted({ ...input, now, scheduledRunIds: ['2026-11-23-1a2b3c4d'] })).toBe(true);
    expect(dayNotStarted({ ...input, now, scheduledRunIds: ['2026-11-23-daily-060000'] })).toBe(false);
  });
});
