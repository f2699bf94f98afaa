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
 * Every day of a range, as one table: the stored view of each site × market of each scanned day
 * (a read per day and market), in day order. `onProgress` is told after each day.
 */
export async function exportHistory(
  deps: ViewDeps,
  range: HistoryRange,
  onProgress?: (done: number, total: number) => void,
): Promise<Scorecard[]> {
  const days = await scannedDaysBetween(deps.tableName, range.from, range.to);
  const cards: Scorecard[] = [];
  const limit = pLimit(8);
  for (const [index, date] of days.entries()) {
    const summary = await readDaySummary(deps, date);
    if (summary) {
      const markets = summary.markets.filter(
        (market) => (!range.site || market.site === range.site) && (!range.market || market.market === range.market),
      );
      const views = await Promise.all(
        markets.map((market) => limit(() => readWholeMarket(deps, date, market.site, market.market))),
      );
      const targets = views.flatMap((view) => (view ? [view.card] : []));
      cards.push({
        date,
        previousDate: summary.previousDate,
        previousDateScanned: summary.previousDateScanned,
        pages: targets.reduce((sum, target) => sum + Object.values(target.statusCounts).reduce((a, b) => a + b, 0), 0),
        statusCounts: addStatusCounts(targets.map((target) => target.statusCounts)),
        targets,
      });
    }
    onProgress?.(index + 1, days.length);
  }
  return cards;
}

/** The export as CSV: the daily columns plus EXTRA_HEADER, evidence links absolute (`appUrl`); `bom` for spreadsheets that want one. */
export function historyCsv(cards: Scorecard[], options: { appUrl: string; bom?: boolean }): string {
  const extra: ExtraColumns = {
    header: EXTRA_HEADER,
    cells: (target, entry) => extraCells(target, entry, options.appUrl),
  };
  const rows = [[...HEADER, ...EXTRA_HEADER], ...cards.flatMap((card) => scorecardRows(card, extra))];
  return `${options.bom ? '\uFEFF' : ''}${toCsv(rows)}`;
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
