import type {
  CategoryRow,
  EvidenceRef,
  MarketScorecard,
  PlacementRow,
  Scorecard,
  SearchRow,
  Trend,
} from '../scorecard/types.ts';

export const HEADER = [
  'date',
  'site',
  'market',
  'kind',
  'page',
  'keyword',
  'status',
  'our_best_organic_rank',
  'our_best_organic_rank_yesterday',
  'rank_change',
  'our_tiles_in_top_n',
  'top_n',
  'our_share',
  'our_share_yesterday',
  'share_change',
  'our_sponsored_tiles',
  'slots_held',
  'slots_gained',
  'slots_lost',
  'message',
  'selector_broken_since',
  'last_good_run',
  'page_url',
  'screenshot_key',
];

/** A row of a card, for columns added to the daily ones (the history export's). */
export type CardRow =
  | { kind: 'search'; row: SearchRow }
  | { kind: 'category'; row: CategoryRow }
  | { kind: 'placement'; row: PlacementRow };

export interface ExtraColumns {
  header: string[];
  cells(target: MarketScorecard, row: CardRow): unknown[];
}

/** The scorecard as one CSV row per page: what the spreadsheet used to hold. RFC 4180 quoting. */
export function scorecardCsv(card: Scorecard): string {
  return toCsv([HEADER, ...scorecardRows(card)]);
}

export function toCsv(rows: unknown[][]): string {
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The daily columns of every page of a card (the header is HEADER), with `extra` columns after them. */
export function scorecardRows(card: Scorecard, extra?: ExtraColumns): unknown[][] {
  const rows: unknown[][] = [];
  const more = (target: MarketScorecard, entry: CardRow) => (extra ? extra.cells(target, entry) : []);
  for (const target of card.targets) {
    const base = [card.date, target.site, target.market];
    const problem = (page: string, keyword: string | null) =>
      target.problems.find((p) => p.page === page && p.keyword === keyword);
    // Pages read cleanly were last good today; the others say when, from their history.
    const health = (page: string, keyword: string | null, evidence: EvidenceRef) => {
      const found = problem(page, keyword);
      return [
        found?.message ?? '',
        found?.brokenSince ?? '',
        found ? (found.lastGood ?? '') : card.date,
        evidence.pageUrl,
        evidence.screenshot,
      ];
    };
    for (const row of target.search) {
      rows.push([
        ...base,
        'search',
        row.page,
        row.keyword,
        row.status,
        ...trendCells(row.ourBestOrganicRank),
        row.ourTilesInTopN.today,
        row.topN,
        ...trendCells(row.ourShare),
        row.sponsored.ours,
        '',
        '',
        '',
        ...health(row.page, row.keyword, row.evidence),
        ...more(target, { kind: 'search', row }),
      ]);
    }
    for (const row of target.categories) {
      rows.push([
        ...base,
        'category',
        row.category,
        '',
        row.status,
        ...trendCells(row.ourBestPosition),
        row.ourTilesInTopN.today,
        row.topN,
        ...trendCells(row.ourShare),
        '',
        '',
        '',
        '',
        ...health(row.category, null, row.evidence),
        ...more(target, { kind: 'category', row }),
      ]);
    }
    for (const row of target.placements) {
      const slots = (list: typeof row.slotsHeld) =>
        list.map((slot) => `${slot.slot}#${slot.index} ${slot.name ?? ''}`.trim()).join('; ');
      rows.push([
        ...base,
        'placement',
        row.page,
        '',
        row.status,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        slots(row.slotsHeld),
        slots(row.gained),
        slots(row.lost),
        ...health(row.page, null, row.evidence),
        ...more(target, { kind: 'placement', row }),
      ]);
    }
  }
  return rows;
}

function trendCells(trend: Trend): unknown[] {
  return [trend.today, trend.yesterday, trend.change];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
