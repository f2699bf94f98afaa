import { previousDay } from '../day.ts';
import { addStatusCounts } from '../scorecard/build.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { recordDayOverview } from '../store/days/day-overview.ts';
import { scorecardCsv } from './card-csv.ts';
import { viewKeys, type DaySummary, type MarketSummary } from './model.ts';
import { readStoredMarket } from './stored-market.ts';
import { writeStored } from './stored.ts';

/** A day is also stored whole (one JSON, one CSV) while it is at most this large; larger days are read per market. */
export const WHOLE_DAY_BYTES = 2 * 1024 * 1024;

/** What the summary needs of a published market: its figures, and the size of its card. */
export interface PublishedMarketSummary {
  summary: MarketSummary;
  previousDateScanned: boolean;
  cardBytes: number;
}

/**
 * The day's summary, from its markets' published summaries (never their cards), stored with the day
 * index's overview line; and, for a day small enough, the whole day as one JSON and one CSV, read
 * back from the stored market views (at most WHOLE_DAY_BYTES of them).
 */
export async function publishSummary(
  date: string,
  markets: PublishedMarketSummary[],
  deps: { tableName: string; bucketName: string; builtAt: string },
): Promise<DaySummary> {
  const statusCounts = addStatusCounts(markets.map((entry) => entry.summary.statusCounts));
  const pages = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  const previousDateScanned = markets.some((entry) => entry.previousDateScanned);
  const small = markets.reduce((sum, entry) => sum + entry.cardBytes, 0) <= WHOLE_DAY_BYTES;
  if (small) {
    const views = await Promise.all(
      markets.map((entry) => readStoredMarket(deps.bucketName, date, entry.summary.site, entry.summary.market)),
    );
    const whole: Scorecard = {
      date,
      previousDate: previousDay(date),
      previousDateScanned,
      pages,
      statusCounts,
      targets: views.flatMap((view) => (view ? [view.card] : [])),
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
    markets: markets.map((entry) => entry.summary),
    whole: small,
    builtAt: deps.builtAt,
  };
  await writeStored(deps.bucketName, viewKeys.summary(date), JSON.stringify(summary));
  await recordDayOverview(deps.tableName, date, {
    pages: summary.pages,
    ok: summary.statusCounts.ok,
    problems: summary.markets.reduce((sum, market) => sum + market.problems, 0),
    markets: summary.markets.length,
    builtAt: summary.builtAt,
  });
  return summary;
}
