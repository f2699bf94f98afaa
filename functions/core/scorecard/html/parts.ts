import type { BrandShare } from '../../extract/types.ts';
import type { EvidenceRef, Trend } from '../types.ts';

/** S3 key of a screenshot → an address the browser can open it at (a presigned URL). */
export type EvidenceLinks = Map<string, string>;

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

/** Our tiles among the top N ("2/10"), or a dash when the page was not read. */
export function topN(ours: number | null, of: number | null): string {
  return of === null ? '–' : `${ours ?? 0}/${of}`;
}

export function bars(shares: BrandShare[]): string {
  const bar = (entry: BrandShare) => {
    const percent = entry.share * 100;
    return `<span class="bar ${entry.owner}" style="width:${Math.max(2, Math.round(percent))}%" title="${esc(entry.brand)} ${percent.toFixed(1)}%">${esc(entry.brand)} ${Math.round(percent)}%</span>`;
  };
  return `<div class="bars">${shares.slice(0, 6).map(bar).join('')}</div>`;
}

/** Rank over days as a tiny line: higher on the chart is a better place; gaps are days without a rank. */
export function sparkline(points: Array<{ date: string; rank: number | null }>, width = 120, height = 26): string {
  const ranked = points.filter((point) => point.rank !== null);
  if (ranked.length < 2) return '<span class="muted">–</span>';
  const worst = Math.max(10, ...ranked.map((point) => point.rank!));
  const x = (index: number) => (points.length === 1 ? width / 2 : (index / (points.length - 1)) * (width - 4) + 2);
  const y = (value: number) => ((value - 1) / (worst - 1)) * (height - 4) + 2;
  const segments: string[] = [];
  let current = '';
  points.forEach((point, index) => {
    if (point.rank === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? ' L' : 'M'}${x(index).toFixed(1)},${y(point.rank).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const last = points.at(-1)!;
  const title = `${points[0]!.date} to ${last.date}: ${ranked.map((point) => point.rank).join(', ')}`;
  const paths = segments.map((d) => `<path d="${d}" fill="none" stroke="#2f7d5b" stroke-width="1.6"/>`).join('');
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${paths}</svg>`;
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

/** The screenshot (when it was archived and can be linked) and the page itself. */
export function proofLinks(evidence: EvidenceRef, links: EvidenceLinks): string {
  const screenshot = evidence.screenshot ? links.get(evidence.screenshot) : undefined;
  const external = (href: string, label: string) =>
    `<a class="proof" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  const parts = [
    screenshot ? external(screenshot, 'screenshot') : '',
    evidence.pageUrl && /^https?:/i.test(evidence.pageUrl) ? external(evidence.pageUrl, 'page') : '',
  ].filter(Boolean);
  return parts.join(' · ') || '<span class="muted">–</span>';
}

/** A table with a header row; rows are already rendered. */
export function table(headers: string[], rows: string[], className?: string): string {
  const head = headers.map((header) => `<th>${header}</th>`).join('');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}</tbody></table>`;
}
