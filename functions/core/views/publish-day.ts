import pLimit from 'p-limit';
import { previousDay } from '../day.ts';
import { dayMarkets } from '../store/days/day-markets.ts';
import { scannedDayBefore } from '../store/days/scanned-days.ts';
import { recordDayOverview } from '../store/days/day-overview.ts';
import { queryDay } from '../store/observations/queries.ts';
import { addStatusCounts } from '../scorecard/build.ts';
import { scorecardCsv } from './card-csv.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { viewKeys, type DaySummary } from './model.ts';
import { buildMarketView } from './build-view.ts';
import { writeStored } from './stored.ts';
import { writeMarket } from './stored-market.ts';

export interface PublishDeps {
  tableName: string;
  bucketName: string;
  now?: () => Date;
}

/** A day is also stored whole (one JSON, one CSV) while it is at most this large; larger days are read per market. */
export const WHOLE_DAY_BYTES = 2 * 1024 * 1024;

/**
 * Builds a day's scorecard once and stores it: one view per site × market (its card and the series
 * its trend charts draw, grown by one point from the last published day's view; in parts when the
 * market is large) with its CSV, the summary of every market, and, for a day small enough, the
 * whole card as JSON and CSV. Markets are built a few at a time, each from its own partition, and
 * only their summaries are kept, so memory follows the largest markets, not the day. A view
 * afterwards is one read of S3 (and the day index for its neighbours), whatever the day's size.
 */
export async function publishDay(date: string, deps: PublishDeps): Promise<DaySummary> {
  const builtAt = (deps.now?.() ?? new Date()).toISOString();
  const before = await scannedDayBefore(deps.tableName, date);
  const markets = await marketsOf(deps.tableName, date);
  const limit = pLimit(4);
  // Each market's card is kept for the whole-day file only while the day is small enough for one.
  let wholeBytes = 0;
  const built = (
    await Promise.all(
      markets.map(([site, market]) =>
        limit(async () => {
          const view = await buildMarketView(date, site, market, { ...deps, previousDay: before, builtAt });
          if (!view) return null;
          await writeMarket(deps.bucketName, view);
          wholeBytes += Buffer.byteLength(JSON.stringify(view.card));
          return {
            summary: view.summary,
            card: wholeBytes <= WHOLE_DAY_BYTES ? view.card : null,
            scanned: view.previousDateScanned,
          };
        }),
      ),
    )
  ).filter((entry) => entry !== null);
  const statusCounts = addStatusCounts(built.map((entry) => entry.summary.statusCounts));
  const pages = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  const previousDateScanned = built.some((entry) => entry.scanned);
  const cards = built.flatMap((entry) => (entry.card ? [entry.card] : []));
  const small = wholeBytes <= WHOLE_DAY_BYTES && cards.length === built.length;
  if (small) {
    const whole: Scorecard = {
      date,
      previousDate: previousDay(date),
      previousDateScanned,
      pages,
      statusCounts,
      targets: cards,
    };
    await writeStored(deps.bucketName, viewKeys.day(date), JSON.stringify(whole));
    await writeStored(deps.bucketName, viewKeys.csv(date), scorecardCsv(whole), 'text/csv');
  }
  const summary: DaySummary = {
    date,
    previousDate: previousDay(date),
    previousDateScanned,
    pages,
    statusCounts,
    markets: built.map((entry) => entry.summary),
    whole: small,
    builtAt,
  };
  await writeStored(deps.bucketName, viewKeys.summary(date), JSON.stringify(summary));
  await recordDayOverview(deps.tableName, summary.date, {
    pages: summary.pages,
    ok: summary.statusCounts.ok,
    problems: summary.markets.reduce((sum, market) => sum + market.problems, 0),
    markets: summary.markets.length,
    builtAt: summary.builtAt,
  });
  return summary;
}

/** The site × market partitions of a day; a day stored before they were named, from its observations. */
async function marketsOf(tableName: string, date: string): Promise<Array<[string, string]>> {
  const named = await dayMarkets(tableName, date);
  if (named.length) return named;
  const observations = await queryDay(tableName, date, { summaryOnly: true });
  return [...new Set(observations.map((o) => `${o.site}#${o.market}`))]
    .sort()
    .map((key) => key.split('#') as [string, string]);
}
