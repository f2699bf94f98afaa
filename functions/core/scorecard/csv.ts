import type { EvidenceRef, Scorecard, Trend } from './types.ts';

const HEADER = [
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

/** The scorecard as one CSV row per page: what the spreadsheet used to hold. RFC 4180 quoting. */
export function scorecardCsv(card: Scorecard): string {
  const rows: unknown[][] = [HEADER];
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
      ]);
    }
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
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
