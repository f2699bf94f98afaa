import { targetKey } from '../jobs/expand.ts';
import { queryDay, queryHistory } from '../store/observations/queries.ts';
import { BROKEN_LOOKBACK_DAYS, brokenSince, lastGoodDay, firstScannedDay } from '../scorecard/broken-since.ts';
import { previousDay, shiftDay } from '../day.ts';
import { buildScorecard, type ScorecardFilter } from '../scorecard/build.ts';
import { markSponsoredHistory } from '../scorecard/sponsored-history.ts';
import { rowTarget, type Scorecard } from '../scorecard/types.ts';

/**
 * The scorecard of one day as the API serves it and alerts read it: today against yesterday, and for
 * every page not read cleanly, since when its selector has been broken and when it last worked.
 * Null when nothing was scanned that day.
 */
export async function loadScorecard(
  tableName: string,
  date: string,
  filter: ScorecardFilter = {},
): Promise<Scorecard | null> {
  // A market's view reads only its market's partitions (the day is split by site × market).
  const only = { site: filter.site, market: filter.market, summaryOnly: true };
  const [today, yesterday] = await Promise.all([
    queryDay(tableName, date, only),
    queryDay(tableName, previousDay(date), only),
  ]);
  // Nothing for this market: a day scanned without it has an empty card; a day never scanned, none.
  if (
    today.length === 0 &&
    (!(filter.site || filter.market) || (await queryDay(tableName, date, { summaryOnly: true })).length === 0)
  )
    return null;
  const card = buildScorecard(date, today, yesterday, filter);
  await Promise.all([
    markProblemHistory(card, tableName),
    markSponsoredHistory(card, (key, from, to) => queryHistory(tableName, key, from, to)),
  ]);
  return card;
}

/** One history query per problem page (pages read cleanly need none: their last good day is today). */
export async function markProblemHistory(card: Scorecard, tableName: string): Promise<void> {
  const from = shiftDay(card.date, -BROKEN_LOOKBACK_DAYS);
  await Promise.all(
    card.targets.flatMap((target) =>
      target.problems.map(async (problem) => {
        const history = await queryHistory(tableName, targetKey(rowTarget(target, problem)), from, card.date);
        const since = brokenSince(history, card.date);
        if (since) problem.brokenSince = since;
        problem.lastGood = lastGoodDay(history, card.date);
        problem.firstScanned = firstScannedDay(history, card.date);
      }),
    ),
  );
}
