import pLimit from 'p-limit';
import { scorecardCsv } from './card-csv.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { viewKeys, type MarketView } from './model.ts';
import { joinParts, splitView } from './view-parts.ts';
import { readStored, writeStored } from './stored.ts';

/** Stores a market's view in its parts, and the market's CSV (so a download is one read too). */
export async function writeMarket(bucket: string, view: MarketView): Promise<void> {
  const { site, market } = view.card;
  const parts = splitView(view);
  const limit = pLimit(4);
  await Promise.all(
    parts.map((part) =>
      limit(() => writeStored(bucket, viewKeys.market(view.date, site, market, part.part.index), JSON.stringify(part))),
    ),
  );
  await writeStored(bucket, viewKeys.marketCsv(view.date, site, market), scorecardCsv(asDay(view)), 'text/csv');
}

/** One stored part of a market's view, or null. */
export function readStoredPart(
  bucket: string,
  date: string,
  site: string,
  market: string,
  part = 0,
): Promise<MarketView | null> {
  return readStored<MarketView>(bucket, viewKeys.market(date, site, market, part));
}

/** Every part of a stored market's view, joined; null when it was never stored. */
export async function readStoredMarket(
  bucket: string,
  date: string,
  site: string,
  market: string,
): Promise<MarketView | null> {
  const first = await readStoredPart(bucket, date, site, market);
  if (!first) return null;
  const limit = pLimit(4);
  const rest = await Promise.all(
    Array.from({ length: first.part.count - 1 }, (_unused, index) =>
      limit(async () => {
        const part = await readStoredPart(bucket, date, site, market, index + 1);
        if (!part) throw new Error(`stored view of ${site}/${market} on ${date}: part ${index + 1} is missing`);
        return part;
      }),
    ),
  );
  return joinParts([first, ...rest]);
}

/** A market's view as a day's card of one market (what the CSV and the narrowed JSON are made of). */
export function asDay(view: MarketView): Scorecard {
  return {
    date: view.date,
    previousDate: view.previousDate,
    previousDateScanned: view.previousDateScanned,
    pages: view.summary.pages,
    statusCounts: view.card.statusCounts,
    targets: [view.card],
  };
}
