/**
 * Calendar days as the scorecard counts them: `YYYY-MM-DD` strings, compared as text, moved in UTC
 * (a day is a label, never a moment). What "today" is depends on the team's time zone: dayIn.
 */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-11-23` is a day; `2026-02-30`, `26-11-23` and `2026-11-23T00:00Z` are not. */
export function isCalendarDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

/** A day moved by whole days (negative: earlier). */
export function shiftDay(day: string, days: number): string {
  const moved = new Date(`${day}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

export function previousDay(day: string): string {
  return shiftDay(day, -1);
}

/** The `count` days before a day, oldest first. */
export function daysBefore(day: string, count: number): string[] {
  return Array.from({ length: count }, (_unused, index) => shiftDay(day, index - count));
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar day of an instant in a time zone: what "today's scan" means for the team. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** Today in UTC: the local tools' default day. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
