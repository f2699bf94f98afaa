import type { MarketScorecard, PlacementRow } from '../scorecard/types.ts';
import { rowKey, type MarketView } from '../views/model.ts';
import { lastDays, lineChart } from './chart.ts';
import { esc, proofLinks, statusBadge, table } from './fragments.ts';

/** What ⇄ means, wherever it is shown. */
export const SWAPPED_MEANS = 'swapped: the placement is still ours, showing another of our products (not lost)';

/** Home and landing pages of one site × market: the slots we hold, what changed since yesterday, slots held over time. */
export function placementSection(
  card: MarketScorecard,
  series: MarketView['series'],
  date: string,
  days: number,
): string {
  if (card.placements.length === 0) return '';
  const rows = card.placements.map((row) => {
    const trends = series[rowKey({ kind: 'placement', page: row.page })] ?? {};
    const cells = [
      `<th scope="row">${esc(row.page)}</th>`,
      `<td>${held(row)}</td>`,
      `<td>${changes(row)}</td>`,
      `<td>${lineChart(lastDays(trends.slots, date, days), { label: `slots we hold on ${row.page}` })}</td>`,
      `<td>${proofLinks(row.evidence)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return table('Placements', ['page', 'slots we hold', 'since yesterday', `last ${days} days`, 'evidence'], rows);
}

function held(row: PlacementRow): string {
  if (row.status !== 'ok') return statusBadge(row.status);
  if (row.slotsHeld.length === 0) return '<span class="muted">none</span>';
  return row.slotsHeld
    .map((slot) => `<span class="slot">${esc(slot.slot)} #${slot.index}</span> ${esc(slot.name ?? '')}`)
    .join('<br>');
}

function changes(row: PlacementRow): string {
  const name = (slot: { slot: string; index: number; name: string | null }) =>
    `${esc(slot.slot)} #${slot.index} ${esc(slot.name ?? '')}`;
  const lines = [
    ...row.gained.map((slot) => `<span class="up">+ ${name(slot)}</span>`),
    ...row.lost.map((slot) => `<span class="down">− ${name(slot)}</span>`),
    ...row.swapped.map(
      ({ from, to }) =>
        `<span class="muted" title="${SWAPPED_MEANS}">⇄ ${esc(from.slot)} #${to.index}: ${esc(from.name ?? '')} → ${esc(to.name ?? '')} (another of ours: still our placement)</span>`,
    ),
  ];
  return lines.join('<br>') || '<span class="muted">no change</span>';
}
