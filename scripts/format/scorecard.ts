import type { Scorecard, Trend } from '../../functions/core/scorecard/types.ts';
import { fixLine } from '../../functions/core/alerts/detect.ts';
import { percent, renderTable } from './table.ts';

interface Row {
  kind: string;
  page: string;
  status: string;
  rank: string;
  top: string;
  share: string;
  notes: string;
}

/** The scorecard as the terminal shows it: per site × market, one row per page, changes against yesterday. */
export function formatScorecard(card: Scorecard): string {
  const compared = card.previousDateScanned ? `changes against ${card.previousDate}` : 'no earlier day to compare with';
  const header = `Scorecard ${card.date} (${compared}) · ${card.pages} pages: ${statusSummary(card.statusCounts)}`;
  const blocks = card.targets.map((target) => {
    const rows: Row[] = [
      ...target.search.map((row) => ({
        kind: 'search',
        page: `"${row.keyword}"`,
        status: row.status,
        rank: rankCell(row.ourBestOrganicRank),
        top: ofOrganic(row.ourTilesInTopN.today, row.organicInTopN),
        share: shareCell(row.ourShare),
        notes: row.sponsored.ours ? `${row.sponsored.ours} sponsored tile(s) of ours` : '',
      })),
      ...target.categories.map((row) => ({
        kind: 'category',
        page: row.category,
        status: row.status,
        rank: rankCell(row.ourBestPosition),
        top: ofOrganic(row.ourTilesInTopN.today, row.organicInTopN),
        share: shareCell(row.ourShare),
        notes: '',
      })),
      ...target.placements.map((row) => ({
        kind: 'placement',
        page: row.page,
        status: row.status,
        rank: '',
        top: '',
        share: '',
        notes: [
          row.slotsHeld.length
            ? `holds ${row.slotsHeld.map((slot) => `${slot.slot} #${slot.index}`).join(', ')}`
            : 'holds no slot',
          row.gained.length ? `${row.gained.length} gained` : '',
          row.lost.length ? `${row.lost.length} lost` : '',
          row.swapped.length ? `${row.swapped.length} swapped` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    ];
    const table = renderTable(rows, [
      { header: 'kind', value: (r) => r.kind },
      { header: 'page', value: (r) => r.page, max: 28 },
      { header: 'status', value: (r) => r.status },
      { header: 'best rank', value: (r) => r.rank, align: 'right' },
      { header: 'ours of the organic top N', value: (r) => r.top, align: 'right' },
      { header: 'share of search', value: (r) => r.share, align: 'right' },
      { header: 'notes', value: (r) => r.notes, max: 80 },
    ]);
    const problems = target.problems.map(
      (p) =>
        `  ! ${p.page}${p.keyword ? ` "${p.keyword}"` : ''}: ${p.brokenSince ? `selector broken since ${p.brokenSince}` : p.status}${p.message ? ` — ${p.message}` : ''}${p.fix ? `\n    ✔ ${fixLine(p.fix)}` : ''}`,
    );
    return [`${target.site} / ${target.market} · ${statusSummary(target.statusCounts)}`, table, ...problems].join('\n');
  });
  return [header, ...blocks].join('\n\n');
}

function statusSummary(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ') || 'nothing'
  );
}

/** "3 ▲2" (moved up two places), "5 ▼1", "4 =", "–" when not ranked. */
function rankCell(trend: Trend): string {
  if (trend.today === null) return trend.yesterday === null ? '–' : `– (was ${trend.yesterday})`;
  if (trend.change === null) return `${trend.today}`;
  return `${trend.today} ${trend.change > 0 ? `▲${trend.change}` : trend.change < 0 ? `▼${-trend.change}` : '='}`;
}

function shareCell(trend: Trend): string {
  if (trend.today === null) return '–';
  if (trend.change === null || trend.change === 0) return `${percent(trend.today)}${trend.change === 0 ? ' =' : ''}`;
  return `${percent(trend.today)} ${trend.change > 0 ? '▲' : '▼'}${(Math.abs(trend.change) * 100).toFixed(1)}`;
}

/** Our organic tiles among the organic tiles of the top N, as the share is computed: "2 of 8". */
function ofOrganic(ours: number | null, organic: number | null): string {
  return organic === null ? '–' : `${ours ?? 0} of ${organic}`;
}
