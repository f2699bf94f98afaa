import type { PageStatus } from '../extract/types.ts';

/** How far back the scorecard looks for the day a selector started to miss. */
export const BROKEN_LOOKBACK_DAYS = 60;

/**
 * The first day of the current run of `selector_miss` for one target, from its history (any order).
 * Days without a scan do not end the run; a day read cleanly or failing otherwise does.
 */
export function brokenSince(history: Array<{ date: string; status: PageStatus }>, today: string): string | null {
  const days = history.filter((entry) => entry.date <= today).sort((a, b) => b.date.localeCompare(a.date));
  if (days[0]?.date !== today || days[0].status !== 'selector_miss') return null;
  let since = today;
  for (const day of days) {
    if (day.status !== 'selector_miss') break;
    since = day.date;
  }
  return since;
}

/** The last day up to `today` the target was read cleanly, from its history (any order); null when none was. */
export function lastGoodDay(history: Array<{ date: string; status: PageStatus }>, today: string): string | null {
  return history
    .filter((entry) => entry.status === 'ok' && entry.date <= today)
    .reduce<string | null>((last, entry) => (last === null || entry.date > last ? entry.date : last), null);
}

/** The first day up to `today` the target was scanned at all (any status), from its history; null when none was. */
export function firstScannedDay(history: Array<{ date: string }>, today: string): string | null {
  return history
    .filter((entry) => entry.date <= today)
    .reduce<string | null>((first, entry) => (first === null || entry.date < first ? entry.date : first), null);
}
