import type { MarketScorecard } from '../types.ts';
import { esc, proofLinks, rank, share, table, topN, type EvidenceLinks } from './parts.ts';

/** Category listings of one site × market: how high our products sit. */
export function categorySection(target: MarketScorecard, links: EvidenceLinks): string {
  if (target.categories.length === 0) return '';
  const rows = target.categories.map((row) => {
    const cells = [
      `<td>${esc(row.category)}</td>`,
      `<td class="num">${rank(row.ourBestPosition, row.status)}</td>`,
      `<td class="num">${topN(row.ourTilesInTopN.today, row.topN)}</td>`,
      `<td class="num">${share(row.ourShare)}</td>`,
      `<td>${proofLinks(row.evidence, links)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return `<h3>Categories</h3>${table(['category', 'our best position', 'ours in top N', 'our share', 'evidence'], rows)}`;
}
