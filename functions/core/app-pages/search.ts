import type { MarketScorecard, SearchRow } from '../scorecard/types.ts';
import { rowKey, type MarketView } from '../views/model.ts';
import { lastDays, lineChart } from './chart.ts';
import { esc, ofTop, proofLinks, rank, rankReadsNote, share, shareBars, table } from './fragments.ts';

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

/** Search keywords of one site × market: our rank and who holds #1, our tiles and share, every tracked brand's share, their trends. */
export function searchSection(card: MarketScorecard, series: MarketView['series'], date: string, days: number): string {
  if (card.search.length === 0) return '';
  const headers = [
    'keyword',
    'our best organic rank',
    'holds #1',
    'ours of the organic top N',
    'our share of search',
    'share of search by brand',
    `last ${days} days`,
    'evidence',
  ];
  const rows = card.search.map((row) => {
    const trends = series[rowKey({ kind: 'search', page: row.page, keyword: row.keyword })] ?? {};
    const cells = [
      `<th scope="row">“${esc(row.keyword)}”</th>`,
      `<td class="num">${rank(row.ourBestOrganicRank, row.status)}${rankReadsNote(row.rankReads)}</td>`,
      `<td>${numberOne(row)}</td>`,
      `<td class="num">${ofTop(row.ourTilesInTopN.today, row.organicInTopN, row.topN)}</td>`,
      `<td class="num">${share(row.ourShare)}</td>`,
      `<td>${shareBars(row.shareOfSearch)}</td>`,
      `<td>${lineChart(lastDays(trends.rank, date, days), { label: `our rank for “${row.keyword}”`, lowerIsBetter: true })}\n${lineChart(lastDays(trends.share, date, days), { label: `our share of search for “${row.keyword}”`, format: percent })}</td>`,
      `<td>${proofLinks(row.evidence)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return table('Search', headers, rows, 'search');
}

/** Who holds organic rank 1: us, a tracked competitor, or another brand; and whether that changed. */
function numberOne(row: SearchRow): string {
  const top = row.topTile.today;
  if (row.status !== 'ok' || !top) return '<span class="muted">–</span>';
  const who = top.owner === 'ours' ? '<strong class="up">us</strong>' : esc(top.brand ?? 'unknown brand');
  const name = top.name ? ` <span class="muted">${esc(top.name)}</span>` : '';
  const before = row.topTile.yesterday;
  const changed =
    before && row.yesterdayRead && (before.brand !== top.brand || before.owner !== top.owner)
      ? ` <span class="muted">(was ${before.owner === 'ours' ? 'us' : esc(before.brand ?? 'unknown')})</span>`
      : '';
  return `${who}${name}${changed}`;
}
