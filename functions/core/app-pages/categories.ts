import type { MarketScorecard } from '../scorecard/types.ts';
import { rowKey, type MarketView } from '../views/model.ts';
import { lastDays, lineChart } from './chart.ts';
import { esc, ofTop, proofLinks, rank, rankReadsNote, share, table } from './fragments.ts';

/** Category listings of one site × market: how high our products sit, and how that went. */
export function categorySection(
  card: MarketScorecard,
  series: MarketView['series'],
  date: string,
  days: number,
): string {
  if (card.categories.length === 0) return '';
  const rows = card.categories.map((row) => {
    const trends = series[rowKey({ kind: 'category', page: row.category })] ?? {};
    const cells = [
      `<th scope="row">${esc(row.category)}</th>`,
      `<td class="num">${rank(row.ourBestPosition, row.status)}${rankReadsNote(row.rankReads)}</td>`,
      `<td class="num">${ofTop(row.ourTilesInTopN.today, row.organicInTopN, row.topN)}</td>`,
      `<td class="num">${share(row.ourShare)}</td>`,
      `<td>${lineChart(lastDays(trends.position, date, days), { label: `our position in ${row.category}`, lowerIsBetter: true })}</td>`,
      `<td>${proofLinks(row.evidence)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return table(
    'Categories',
    ['category', 'our best position', 'ours of the organic top N', 'our share', `last ${days} days`, 'evidence'],
    rows,
  );
}
