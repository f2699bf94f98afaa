import { addStatusCounts } from '../scorecard/build.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { readDaySummary, readWholeMarket, type ViewDeps } from './read-views.ts';

/**
 * Some markets of a day as one day's card, from their stored views (a read per market): what JSON
 * and CSV narrowed by `?market=` or `?site=` are: empty when the day was scanned without them, null
 * when the day was not scanned at all.
 */
export async function marketsAsDay(
  deps: ViewDeps,
  date: string,
  pairs: Array<{ site: string; market: string }>,
): Promise<Scorecard | null> {
  const views = (await Promise.all(pairs.map((pair) => readWholeMarket(deps, date, pair.site, pair.market)))).filter(
    (view) => view !== null,
  );
  if (views.length === 0 && !(await readDaySummary(deps, date))) return null;
  const statusCounts = addStatusCounts(views.map((view) => view.card.statusCounts));
  return {
    date,
    previousDate: views[0]?.previousDate ?? date,
    previousDateScanned: views.some((view) => view.previousDateScanned),
    pages: Object.values(statusCounts).reduce((sum, count) => sum + count, 0),
    statusCounts,
    targets: views.map((view) => view.card),
  };
}
