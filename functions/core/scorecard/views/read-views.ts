import { loadScorecard } from '../load.ts';
import { scorecardCsv } from '../csv.ts';
import type { Scorecard } from '../types.ts';
import { buildMarketView } from './build-view.ts';
import { viewKeys, type DaySummary, type MarketView } from './model.ts';
import { readStored, readStoredText } from './stored.ts';
import { summarizeMarket } from './summarize.ts';

export interface ViewDeps {
  tableName: string;
  bucketName: string;
}

/**
 * The stored views, as the API serves them: one read each. A day that has none (stored before
 * views, or its run not finished yet) is built from its observations instead, as before, and not
 * stored (the API only reads); the alerts sweep stores it when its run is done.
 */
export async function readDaySummary(deps: ViewDeps, date: string): Promise<DaySummary | null> {
  const stored = await readStored<DaySummary>(deps.bucketName, viewKeys.summary(date));
  if (stored) return stored;
  const card = await loadScorecard(deps.tableName, date);
  return card ? summaryOf(card) : null;
}

export async function readMarketView(
  deps: ViewDeps,
  date: string,
  site: string,
  market: string,
): Promise<MarketView | null> {
  const stored = await readStored<MarketView>(deps.bucketName, viewKeys.market(date, site, market));
  if (stored) return stored;
  return buildMarketView(date, site, market, { ...deps, previousDay: null, builtAt: new Date().toISOString() });
}

/** The whole day as one card, or, for a day too large to be one response, its summary (split by market). */
export async function readWholeDay(deps: ViewDeps, date: string): Promise<Scorecard | DaySummary | null> {
  const whole = await readStored<Scorecard>(deps.bucketName, viewKeys.day(date));
  if (whole) return whole;
  const summary = await readStored<DaySummary>(deps.bucketName, viewKeys.summary(date));
  if (summary) return summary;
  return loadScorecard(deps.tableName, date);
}

/** The whole day's CSV, stored or built; null when the day is split (read per market). */
export async function readDayCsv(deps: ViewDeps, date: string): Promise<string | null | 'split'> {
  const stored = await readStoredText(deps.bucketName, viewKeys.csv(date));
  if (stored !== null) return stored;
  const summary = await readStored<DaySummary>(deps.bucketName, viewKeys.summary(date));
  if (summary && !summary.whole) return 'split';
  const card = await loadScorecard(deps.tableName, date);
  return card ? scorecardCsv(card) : null;
}

function summaryOf(card: Scorecard): DaySummary {
  return {
    date: card.date,
    previousDate: card.previousDate,
    previousDateScanned: card.previousDateScanned,
    pages: card.pages,
    statusCounts: card.statusCounts,
    markets: card.targets.map(summarizeMarket),
    whole: true,
    builtAt: new Date().toISOString(),
  };
}
