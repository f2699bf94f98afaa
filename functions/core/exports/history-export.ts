import pLimit from 'p-limit';
import { scannedDaysBetween } from '../store/days/scanned-days.ts';
import { addStatusCounts } from '../scorecard/build.ts';
import { HEADER, scorecardRows, toCsv, type CardRow, type ExtraColumns } from '../views/card-csv.ts';
import { evidenceUrl } from '../evidence/links.ts';
import type { MarketScorecard, Scorecard } from '../scorecard/types.ts';
import { readDaySummary, readWholeMarket, type ViewDeps } from '../views/read-views.ts';

export interface HistoryRange {
  from: string;
  to: string;
  site?: string | undefined;
  market?: string | undefined;
}

/** The longest range one export covers. */
export const MAX_EXPORT_DAYS = 366;

/** The columns an export adds to the daily CSV's: who holds #1, every brand's share, links that open the evidence. */
const EXTRA_HEADER = [
  'organic_in_top_n',
  'top_tile_brand',
  'top_tile_owner',
  'top_tile_name',
  'share_by_brand',
  'screenshot_link',
  'archived_page_link',
];

/**
 * Every day of a range, one day at a time: the stored view of each site × market of each scanned
 * day (a read per day and market), in day order, each day handed to `onDay` before the next is
 * read, so memory holds one day whatever the range. `onProgress` is told after each day.
 */
export async function exportHistoryDays(
  deps: ViewDeps,
  range: HistoryRange,
  onDay: (card: Scorecard) => void | Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const days = await scannedDaysBetween(deps.tableName, range.from, range.to);
  const limit = pLimit(8);
  let exported = 0;
  for (const [index, date] of days.entries()) {
    const summary = await readDaySummary(deps, date);
    if (summary && !summary.building) {
      const markets = summary.markets.filter(
        (market) => (!range.site || market.site === range.site) && (!range.market || market.market === range.market),
      );
      const views = await Promise.all(
        markets.map((market) => limit(() => readWholeMarket(deps, date, market.site, market.market))),
      );
      const targets = views.flatMap((view) => (view ? [view.card] : []));
      await onDay({
        date,
        previousDate: summary.previousDate,
        previousDateScanned: summary.previousDateScanned,
        pages: targets.reduce((sum, target) => sum + Object.values(target.statusCounts).reduce((a, b) => a + b, 0), 0),
        statusCounts: addStatusCounts(targets.map((target) => target.statusCounts)),
        targets,
      });
      exported += 1;
    }
    onProgress?.(index + 1, days.length);
  }
  return exported;
}

/** The days of a range at once: for an export small enough to be held (the API's, which is capped). */
export async function exportHistory(
  deps: ViewDeps,
  range: HistoryRange,
  onProgress?: (done: number, total: number) => void,
): Promise<Scorecard[]> {
  const cards: Scorecard[] = [];
  await exportHistoryDays(deps, range, (card) => void cards.push(card), onProgress);
  return cards;
}

/** The export as CSV: the daily columns plus EXTRA_HEADER, evidence links absolute (`appUrl`); `bom` for spreadsheets that want one. */
export function historyCsv(cards: Scorecard[], options: { appUrl: string; bom?: boolean }): string {
  return historyCsvHead(options) + cards.map((card) => historyCsvDay(card, options)).join('');
}

/** The CSV's first line (and the byte-order mark, when asked): what a streamed export writes first. */
export function historyCsvHead(options: { bom?: boolean }): string {
  return `${options.bom ? '\uFEFF' : ''}${toCsv([[...HEADER, ...EXTRA_HEADER]])}`;
}

/** One day's rows of the CSV (each ending with a newline). */
export function historyCsvDay(card: Scorecard, options: { appUrl: string }): string {
  const extra: ExtraColumns = {
    header: EXTRA_HEADER,
    cells: (target, entry) => extraCells(target, entry, options.appUrl),
  };
  const rows = scorecardRows(card, extra);
  return rows.length ? toCsv(rows) : '';
}

function extraCells(_target: MarketScorecard, entry: CardRow, appUrl: string): unknown[] {
  const link = (key: string | null) => (key ? evidenceUrl(appUrl, key) : '');
  const { evidence } = entry.row;
  const links = [link(evidence.screenshot), link(evidence.html)];
  if (entry.kind === 'search') {
    const top = entry.row.topTile.today;
    const total = entry.row.organicInTopN ?? 0;
    const shares = entry.row.shareOfSearch
      .map((brand) => `${brand.brand} (${brand.owner}) ${total ? ((brand.tiles / total) * 100).toFixed(1) : '0.0'}%`)
      .join('; ');
    return [entry.row.organicInTopN, top?.brand ?? '', top?.owner ?? '', top?.name ?? '', shares, ...links];
  }
  if (entry.kind === 'category') return [entry.row.organicInTopN, '', '', '', '', ...links];
  return ['', '', '', '', '', ...links];
}
