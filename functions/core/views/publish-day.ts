import { dayMarkets } from '../store/days/day-markets.ts';
import { scannedDayBefore } from '../store/days/scanned-days.ts';
import { queryDay } from '../store/observations/queries.ts';
import type { DaySummary } from './model.ts';
import { publishMarket } from './publish-market.ts';
import { publishSummary, type PublishedMarketSummary } from './publish-summary.ts';

export interface PublishDeps {
  tableName: string;
  bucketName: string;
  now?: () => Date;
}

/**
 * Builds a whole day's views at once, market by market, then its summary: what a command does
 * after rewriting a day (replay), with no deadline. The alerts sweep publishes a run's day in steps
 * that fit its function instead (alerts/publish-run.ts), with the same two functions.
 */
export async function publishDay(date: string, deps: PublishDeps): Promise<DaySummary> {
  const builtAt = (deps.now?.() ?? new Date()).toISOString();
  const previous = await scannedDayBefore(deps.tableName, date);
  const published: PublishedMarketSummary[] = [];
  for (const [site, market] of await marketsOf(deps.tableName, date)) {
    const view = await publishMarket(date, site, market, { ...deps, previousDay: previous, builtAt });
    if (view)
      published.push({
        summary: view.summary,
        previousDateScanned: view.previousDateScanned,
        cardBytes: Buffer.byteLength(JSON.stringify(view.card)),
      });
  }
  return publishSummary(date, published, { ...deps, builtAt });
}

/** The site × market partitions of a day; a day stored before they were named, from its observations. */
export async function marketsOf(tableName: string, date: string): Promise<Array<[string, string]>> {
  const named = await dayMarkets(tableName, date);
  if (named.length) return named;
  const observations = await queryDay(tableName, date, { summaryOnly: true });
  return [...new Set(observations.map((o) => `${o.site}#${o.market}`))]
    .sort()
    .map((key) => key.split('#') as [string, string]);
}
