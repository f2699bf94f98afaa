import type { PlacementRow, MarketScorecard } from '../types.ts';
import { esc, proofLinks, statusBadge, table, type EvidenceLinks } from './parts.ts';

/** Home and landing pages of one site × market: the slots we hold, gained and lost since yesterday. */
export function placementSection(target: MarketScorecard, links: EvidenceLinks): string {
  if (target.placements.length === 0) return '';
  const rows = target.placements.map((row) => {
    const cells = [
      `<td>${esc(row.page)}</td>`,
      `<td>${held(row)}</td>`,
      `<td>${changes(row)}</td>`,
      `<td>${proofLinks(row.evidence, links)}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  return `<h3>Placements</h3>${table(['page', 'slots we hold', 'since yesterday', 'evidence'], rows)}`;
}

function held(row: PlacementRow): string {
  if (row.status !== 'ok') return statusBadge(row.status);
  if (row.slotsHeld.length === 0) return '<span class="muted">none</span>';
  return row.slotsHeld
    .map((slot) => `<span class="slot">${esc(slot.slot)} #${slot.index}</span> ${esc(slot.name ?? '')}`)
    .join('<br>');
}

function changes(row: PlacementRow): string {
  const gained = row.gained.map(
    (slot) => `<span class="up">+ ${esc(slot.slot)} #${slot.index} ${esc(slot.name ?? '')}</span>`,
  );
  const lost = row.lost.map(
    (slot) => `<span class="down">− ${esc(slot.slot)} #${slot.index} ${esc(slot.name ?? '')}</span>`,
  );
  return [...gained, ...lost].join('<br>') || '<span class="muted">no change</span>';
}
