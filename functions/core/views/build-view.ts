import pLimit from 'p-limit';
import { previousDay, shiftDay } from '../day.ts';
import { targetKey } from '../jobs/expand.ts';
import { queryDay, queryHistory } from '../store/observations/queries.ts';
import { buildScorecard } from '../scorecard/build.ts';
import { markProblemHistory } from './load-card.ts';
import { markSponsoredHistory } from '../scorecard/sponsored-history.ts';
import { rowTarget, type MarketScorecard } from '../scorecard/types.ts';
import { rowKey, SERIES_DAYS, type MarketView } from './model.ts';
import { extendSeries, seriesFromHistory, withAccuracy } from './series.ts';
import { readStoredMarket } from './stored-market.ts';
import { summarizeMarket } from './summarize.ts';

/**
 * One site × market of a day as its view shows it: its card (today against yesterday, problems
 * with since when they are broken), its summary and its series, grown from the view of the last
 * scanned day before (`previousDay`) when there is one, else read from its history. Whole: it is
 * stored in parts (writeMarket).
 */
export async function buildMarketView(
  date: string,
  site: string,
  market: string,
  deps: { tableName: string; bucketName: string; previousDay: string | null; builtAt: string },
): Promise<MarketView | null> {
  const [today, yesterday] = await Promise.all([
    queryDay(deps.tableName, date, { site, market, summaryOnly: true }),
    queryDay(deps.tableName, previousDay(date), { site, market, summaryOnly: true }),
  ]);
  const card = buildScorecard(date, today, yesterday, { site, market });
  const target = card.targets[0];
  if (!target) return null;
  await Promise.all([
    markProblemHistory(card, deps.tableName),
    markSponsoredHistory(card, (key, from, to) => queryHistory(deps.tableName, key, from, to)),
  ]);
  const previous = deps.previousDay ? await readStoredMarket(deps.bucketName, deps.previousDay, site, market) : null;
  return {
    date,
    previousDate: card.previousDate,
    previousDateScanned: card.previousDateScanned,
    card: target,
    series: previous
      ? extendSeries(previous, target, date)
      : await seriesFromStoredHistory(target, date, deps.tableName),
    summary: summarizeMarket(target),
    part: { index: 0, count: 1, firstRow: 0, searchRows: target.search.length },
    builtAt: deps.builtAt,
  };
}

/** A first view of a market: every row's series from its history (one query per row; afterwards, none). */
async function seriesFromStoredHistory(card: MarketScorecard, date: string, tableName: string) {
  const from = shiftDay(date, -(SERIES_DAYS - 1));
  const rows = [
    ...card.search.map((row) => ({ kind: 'search' as const, page: row.page, keyword: row.keyword })),
    ...card.categories.map((row) => ({ kind: 'category' as const, page: row.category })),
    ...card.placements.map((row) => ({ kind: 'placement' as const, page: row.page })),
  ];
  const limit = pLimit(8);
  const entries = await Promise.all(
    rows.map((row) =>
      limit(async () => {
        const history = await queryHistory(tableName, targetKey(rowTarget(card, row)), from, date);
        return [rowKey(row), seriesFromHistory(row.kind, history, date)] as const;
      }),
    ),
  );
  // A first view has no earlier accuracy to carry (the history index does not keep it): today's point.
  return withAccuracy(Object.fromEntries(entries), [], card, date);
}
