import { targetKey } from '../jobs/expand.ts';
import { shiftDay } from '../day.ts';
import type { ListingSummary } from '../extract/types.ts';
import type { HistoryPoint } from '../store/observations/queries.ts';
import { rowTarget, type Scorecard, type SponsoredGone } from './types.ts';

/** How far back a sponsored selector's record is read, and how many of those days make a habit. */
export const SPONSORED_LOOKBACK_DAYS = 28;
export const SPONSORED_HABIT_DAYS = 7;

/**
 * Marks search pages whose sponsored selector looks stale: read cleanly today on every keyword,
 * not one sponsored tile, yet sponsored tiles on at least SPONSORED_HABIT_DAYS of the last
 * SPONSORED_LOOKBACK_DAYS. One history query per such page (its first keyword stands for it),
 * none for a page that shows sponsored tiles or was never read cleanly.
 */
export async function markSponsoredHistory(
  card: Scorecard,
  history: (key: string, from: string, to: string) => Promise<HistoryPoint[]>,
): Promise<void> {
  const from = shiftDay(card.date, -SPONSORED_LOOKBACK_DAYS);
  const to = shiftDay(card.date, -1);
  await Promise.all(
    card.targets.flatMap((target) => {
      const pages = new Set(target.search.map((row) => row.page));
      return [...pages].map(async (page) => {
        const rows = target.search.filter((row) => row.page === page);
        const checked = rows.every((row) => row.status === 'ok' && row.tileChecks);
        if (!checked || rows.some((row) => row.tileChecks!.sponsored > 0)) return;
        const points = await history(
          targetKey(rowTarget(target, { kind: 'search', page, keyword: rows[0]!.keyword })),
          from,
          to,
        );
        const gone = sponsoredGone(points);
        if (gone) (target.sponsoredGone ??= {})[page] = gone;
      });
    }),
  );
}

/** Whether a page's record shows sponsored tiles as a habit: the days with some, the last one. Pure. */
export function sponsoredGone(points: HistoryPoint[]): SponsoredGone | null {
  const days = points
    .filter((point) => ((point.summary as ListingSummary | null)?.sponsoredTiles ?? 0) > 0)
    .map((point) => point.date)
    .sort();
  if (days.length < SPONSORED_HABIT_DAYS) return null;
  return { lastSeen: days.at(-1)!, daysWith: days.length, lookbackDays: SPONSORED_LOOKBACK_DAYS };
}
