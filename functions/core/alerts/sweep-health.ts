import { dayIn } from '../day.ts';
import { runsOfDay } from '../store/runs/runs-of-day.ts';
import type { RunAlerts } from './alert-run.ts';
import { dayNotStarted } from './day-deadline.ts';

/** What each sweep tells CloudWatch, for the alarms no other metric covers (template.yaml). */
export const SWEEP_METRICS = {
  /** One per sweep that ran to its end: missing for 30 minutes raises SweepStoppedAlarm (timed out, out of memory, not scheduled). */
  completed: 'SweepsCompleted',
  /** Runs past RUN_DEADLINE_MINUTES with pages unread (alerted as run_incomplete): RunOverdueAlarm. */
  overdue: 'RunsOverdue',
  /** 1 while today's scheduled scan has no run half an hour after it was due: DayNotStartedAlarm. */
  notStarted: 'DaysNotStarted',
} as const;

export async function sweepHealth(
  results: RunAlerts[],
  deps: { tableName: string; now: Date; scheduleExpression: string; timeZone: string },
): Promise<Record<string, number>> {
  const today = dayIn(deps.now, deps.timeZone);
  return {
    [SWEEP_METRICS.completed]: 1,
    [SWEEP_METRICS.overdue]: results.filter((run) => run.overdue).length,
    [SWEEP_METRICS.notStarted]: dayNotStarted({
      now: deps.now,
      expression: deps.scheduleExpression,
      timeZone: deps.timeZone,
      scheduledRunIds: await runsOfDay(deps.tableName, today),
    })
      ? 1
      : 0,
  };
}
