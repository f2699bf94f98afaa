import { shiftDay } from '../day.ts';
import { targetKey } from '../jobs/expand.ts';
import { queryHistory, type HistoryPoint } from '../store/observations/queries.ts';
import { rowTarget, type Scorecard } from './types.ts';

/** One search target's best organic rank per day, oldest first (null: not ranked or not read). */
export type RankHistory = Map<string, Array<{ date: string; rank: number | null }>>;

/** How many days the scorecard page's trend lines show. */
export const TREND_DAYS = 30;

/** The last TREND_DAYS days of our best organic rank for every search keyword on the card, for its trend line. */
export async function rankHistories(card: Scorecard, tableName: string): Promise<RankHistory> {
  const from = shiftDay(card.date, -(TREND_DAYS - 1));
  const histories: RankHistory = new Map();
  await Promise.all(
    card.targets.flatMap((target) =>
      target.search.map(async (row) => {
        const key = targetKey(rowTarget(target, { ...row, kind: 'search' }));
        const history = await queryHistory(tableName, key, from, card.date);
        histories.set(
          key,
          history.sort((a, b) => a.date.localeCompare(b.date)).map((o) => ({ date: o.date, rank: rankOf(o) })),
        );
      }),
    ),
  );
  return histories;
}

function rankOf(point: HistoryPoint): number | null {
  return point.status === 'ok' && point.summary && 'ourBestOrganicRank' in point.summary
    ? point.summary.ourBestOrganicRank
    : null;
}
