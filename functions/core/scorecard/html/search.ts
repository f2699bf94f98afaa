import type { RankHistory } from '../trends.ts';
import type { MarketScorecard } from '../types.ts';
import { bars, esc, proofLinks, rank, share, sparkline, table, topN, type EvidenceLinks } from './parts.ts';

/** Search keywords of one site × market: our rank, its trend, our tiles and share, every brand's share. */
export function searchSection(target: MarketScorecard, trends: RankHistory, links: EvidenceLinks): string {
  if (target.search.length === 0) return '';
  const headers = [
    'keyword',
    'our best organic rank',
    'last 30 days',
    'ours in top N',
    'our share of search',
    'share of search by brand',
    'sponsored (ours)',
    'evidence',
  ];
  const rows = target.search.map((row) => {
    const trend = trends.get(`${target.site}#${target.market}#${row.page}#${row.keyword}`) ?? [];
    const cells = [
      `<td>“${esc(row.keyword)}”</td>`,
      `<td class="num">${rank(row.ourBestOrganicRank, row.status)}</td>`,
      `<td>${sparkline(trend)}</td>`,
      `<td class="num">${topN(row.ourTilesInTopN.today, row.topN)}</td>`,
      `<td class="num">${share(row.ourShare)}</td>`,
      `<td>${bars(row.shareOfSearch)}</td>`,
      `<td class="num">${row.sponsored.ours}</td>`,
      `<td>${proofLinks(row.evidence, links)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return `<h3>Search</h3>${table(headers, rows, 'search')}`;
}
