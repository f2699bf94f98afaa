import { previousDay } from '../day.ts';
import { addStatusCounts } from '../scorecard/build.ts';
import { countDay } from '../store/observations/count-day.ts';
import { loadScorecard } from './load-card.ts';
import { scorecardCsv } from './card-csv.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { buildMarketView } from './build-view.ts';
import { viewKeys, type DaySummary, type MarketView } from './model.ts';
import { splitView } from './view-parts.ts';
import { asDay, readStoredMarket, readStoredPart } from './stored-market.ts';
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
  const live = await liveDay(deps, date);
  return live && 'targets' in live ? summaryOf(live) : live;
}

/** A day is built for one request only up to this many pages; a larger one waits for its views (a request has 30 s). */
export const LIVE_DAY_PAGES = 2_000;

/** A day without built views: built from its observations when small, else said to be building. */
async function liveDay(deps: ViewDeps, date: string): Promise<Scorecard | DaySummary | null> {
  const { pages, markets } = await countDay(deps.tableName, date);
  if (pages <= LIVE_DAY_PAGES) return loadScorecard(deps.tableName, date);
  return {
    date,
    previousDate: previousDay(date),
    previousDateScanned: false,
    pages,
    statusCounts: addStatusCounts([]),
    markets: [],
    whole: false,
    builtAt: new Date().toISOString(),
    building: { pages, markets: markets.map(([site, market]) => ({ site, market })) },
  };
}

/** One part of a market's view (part 0: the first search rows, with categories, placements and problems). */
export async function readMarketView(
  deps: ViewDeps,
  date: string,
  site: string,
  market: string,
  part = 0,
): Promise<MarketView | null> {
  const stored = await readStoredPart(deps.bucketName, date, site, market, part);
  if (stored) return stored;
  const whole = await buildLive(deps, date, site, market);
  return whole ? (splitView(whole)[part] ?? null) : null;
}

/** A market's whole view, every part joined (for exports and narrowed JSON). */
export async function readWholeMarket(
  deps: ViewDeps,
  date: string,
  site: string,
  market: string,
): Promise<MarketView | null> {
  return (await readStoredMarket(deps.bucketName, date, site, market)) ?? buildLive(deps, date, site, market);
}

/** A market's CSV: stored with its view, or built. */
export async function readMarketCsv(
  deps: ViewDeps,
  date: string,
  site: string,
  market: string,
): Promise<string | null> {
  const stored = await readStoredText(deps.bucketName, viewKeys.marketCsv(date, site, market));
  if (stored !== null) return stored;
  const whole = await buildLive(deps, date, site, market);
  return whole ? scorecardCsv(asDay(whole)) : null;
}

/** A market of a day whose views were not stored yet (its run not finished, or a day from before views). */
function buildLive(deps: ViewDeps, date: string, site: string, market: string): Promise<MarketView | null> {
  return buildMarketView(date, site, market, { ...deps, previousDay: null, builtAt: new Date().toISOString() });
}

/** The whole day as one card, or, for a day too large to be one response, its summary (split by market). */
export async function readWholeDay(deps: ViewDeps, date: string): Promise<Scorecard | DaySummary | null> {
  const whole = await readStored<Scorecard>(deps.bucketName, viewKeys.day(date));
  if (whole) return whole;
  const summary = await readStored<DaySummary>(deps.bucketName, viewKeys.summary(date));
  if (summary) return summary;
  return liveDay(deps, date);
}

/** The whole day's CSV, stored or built; null when the day is split (read per market). */
export async function readDayCsv(deps: ViewDeps, date: string): Promise<string | null | 'split'> {
  const stored = await readStoredText(deps.bucketName, viewKeys.csv(date));
  if (stored !== null) return stored;
  const summary = await readStored<DaySummary>(deps.bucketName, viewKeys.summary(date));
  if (summary && !summary.whole) return 'split';
  const live = await liveDay(deps, date);
  if (live && !('targets' in live)) return 'split';
  return live ? scorecardCsv(live) : null;
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
