import { dayIn } from '../day.ts';

/** How long after the schedule's time a day's run may take to appear before the day counts as not started. */
export const START_GRACE_MS = 30 * 60_000;

/**
 * When the daily scan was due on `day`, for the schedule expressions a daily scan uses
 * (`cron(M H * * ? *)`, in the schedule's time zone): null for any other expression, whose days
 * the sweep then does not judge. Pure.
 */
export function dueAt(expression: string, timeZone: string, day: string): Date | null {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression.trim());
  if (!match) return null;
  const [minute, hour] = [Number(match[1]), Number(match[2])];
  // The instant whose wall clock in the zone reads day H:M: start from UTC, correct by the zone's offset.
  const wall = Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The zone's offset from UTC at an instant (ms; positive east of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * Whether today's daily scan should have started by now and has no run: what the DayNotStarted
 * alarm watches (a schedule disabled, deleted, or failing before the fan-out runs). Pure.
 */
export function dayNotStarted(input: {
  now: Date;
  expression: string;
  timeZone: string;
  scheduledRunIds: string[];
}): boolean {
  const today = dayIn(input.now, input.timeZone);
  const due = dueAt(input.expression, input.timeZone, today);
  if (!due || input.now.getTime() < due.getTime() + START_GRACE_MS) return false;
  return !input.scheduledRunIds.some((runId) => runId.startsWith(`${today}-daily-`));
}
