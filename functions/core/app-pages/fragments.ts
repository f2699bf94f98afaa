import type { RankReads } from '../store/model.ts';
import { evidencePath } from '../evidence/links.ts';
import type { BrandShare } from '../extract/types.ts';
import type { EvidenceRef, Trend } from '../scorecard/types.ts';

/** Text for HTML: every character that could open markup or end an attribute is escaped. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "3 ▲2": third today, two places higher than yesterday. A page not read cleanly says so instead. */
export function rank(trend: Trend, status: string): string {
  if (status !== 'ok') return statusBadge(status);
  if (trend.today === null) {
    const was = trend.yesterday !== null ? ` <span class="down">(was ${trend.yesterday})</span>` : '';
    return `<span class="muted">not in results</span>${was}`;
  }
  if (trend.change === null) return `${trend.today}`;
  const arrow =
    trend.change > 0
      ? `<span class="up">▲${trend.change}</span>`
      : trend.change < 0
        ? `<span class="down">▼${-trend.change}</span>`
        : '<span class="muted">=</span>';
  return `${trend.today} ${arrow}`;
}

export function share(trend: Trend): string {
  if (trend.today === null) return '–';
  const value = `${(trend.today * 100).toFixed(1)}%`;
  if (!trend.change) return value;
  const direction = trend.change > 0 ? 'up' : 'down';
  return `${value} <span class="${direction}">${trend.change > 0 ? '▲' : '▼'}${(Math.abs(trend.change) * 100).toFixed(1)}</span>`;
}

/**
 * Our organic tiles out of the organic tiles in the top N: "2 of 8" (a short list has fewer than N),
 * the same count our share is worked out from.
 */
export function ofTop(ours: number | null, organic: number | null, n: number | null): string {
  if (n === null || organic === null) return '–';
  return `<span title="our organic tiles among the ${organic} organic tiles in the top ${n}">${ours ?? 0} of ${organic}</span>`;
}

/**
 * Share of search by brand: a bar of the top N's organic tiles, then a legend that names every
 * brand we track (ours always, competitors) with its share and tiles, and the rest as "others".
 * Nothing is left out to fit and no label is cut: the legend wraps.
 */
export function shareBars(shares: BrandShare[]): string {
  const total = shares.reduce((sum, entry) => sum + entry.tiles, 0);
  if (total === 0) return '<span class="muted">–</span>';
  const tracked = shares.filter((entry) => entry.owner !== 'other');
  const others = shares.filter((entry) => entry.owner === 'other');
  const parts = [
    ...tracked.map((entry) => ({ label: entry.brand, owner: entry.owner, tiles: entry.tiles })),
    ...(others.length
      ? [
          {
            label: `others (${others.length} brand${others.length === 1 ? '' : 's'})`,
            owner: 'other',
            tiles: others.reduce((sum, entry) => sum + entry.tiles, 0),
          },
        ]
      : []),
  ];
  const percent = (tiles: number) => `${((tiles / total) * 100).toFixed(1)}%`;
  const bar = parts
    .map(
      (part) =>
        `<span class="s-${part.owner}" style="width:${(part.tiles / total) * 100}%" title="${esc(part.label)} ${percent(part.tiles)}"></span>`,
    )
    .join('');
  const legend = parts
    .map(
      (part) =>
        `<li><i class="s-${part.owner}"></i>${esc(part.label)}${part.owner === 'ours' ? ' (ours)' : ''} ${percent(part.tiles)} <span class="muted">· ${part.tiles} of ${total}</span></li>`,
    )
    .join('');
  return `<div class="share"><div class="stack" aria-hidden="true">${bar}</div><ul class="legend">${legend}</ul></div>`;
}

/**
 * The evidence of a row: its screenshot and its archived HTML through /evidence/… (a stable link:
 * it checks the session and hands a fresh link to the stored object), and the live page.
 */
export function proofLinks(evidence: EvidenceRef): string {
  const parts = [
    evidence.screenshot ? `<a href="${esc(evidencePath(evidence.screenshot))}">screenshot</a>` : '',
    evidence.html ? `<a href="${esc(evidencePath(evidence.html))}">archived page</a>` : '',
    evidence.pageUrl && /^https?:/i.test(evidence.pageUrl)
      ? `<a href="${esc(evidence.pageUrl)}" rel="noopener noreferrer">live page</a>`
      : '',
  ].filter(Boolean);
  return parts.length ? `<span class="proof">${parts.join(' · ')}</span>` : '<span class="muted">–</span>';
}

/**
 * A rank read several times today: "median of 3 reads (#2, #5, #3), spread 3", and a shelf that
 * differs between visits said as such. Empty for a page read once.
 */
export function rankReadsNote(reads: RankReads | undefined): string {
  if (!reads || reads.ranks.length < 2) return '';
  const each = reads.ranks.map((rank) => (rank === null ? '–' : `#${rank}`)).join(', ');
  const varies = reads.unstable
    ? ' <span class="down" title="a personalised or A/B-tested shelf: one read says little">shelf varies between visits</span>'
    : '';
  return `<br><small class="muted">median of ${reads.ranks.length} reads (${each}), spread ${reads.spread}</small>${varies}`;
}

export function statusBadge(status: string): string {
  return `<span class="badge ${esc(status)}">${esc(status.replace('_', ' '))}</span>`;
}

export function statusLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status.replace('_', ' ')}`);
  return parts.join(', ') || 'nothing read';
}

/** A table with a caption and a header row (for screen readers), scrolling sideways on a narrow screen; rows are already rendered. */
export function table(caption: string, headers: string[], rows: string[], className?: string): string {
  const head = headers.map((header) => `<th scope="col">${header}</th>`).join('');
  return `<div class="scroll"><table${className ? ` class="${className}"` : ''}><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}</tbody></table></div>`;
}
