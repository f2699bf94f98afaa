import type { BrandShare } from '../extract/types.ts';
import { BROKEN_LOOKBACK_DAYS } from './broken-since.ts';
import { healthPageLabel, selectorHealth, type HealthRow } from './health.ts';
import type { RankHistory } from './trends.ts';
import type { EvidenceRef, Scorecard, TargetScorecard, Trend } from './types.ts';

/**
 * The scorecard as a page a team opens every morning: per site × market, our ranks with the change
 * since yesterday (arrows, colour), share of search for us and competitors, placements held,
 * category positions, and the pages that could not be read. Self-contained (inline CSS) and printable.
 */
/** S3 key of a screenshot → an address the browser can open it at (a presigned URL). */
export type EvidenceLinks = Map<string, string>;

export function scorecardHtml(card: Scorecard, trends: RankHistory = new Map(), links: EvidenceLinks = new Map()): string {
  const problems = card.targets.reduce((sum, target) => sum + target.problems.length, 0);
  const firstProblem = card.targets.find((t) => t.problems.length > 0);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>shelfwatch scorecard ${esc(card.date)}</title><style>${STYLE}</style></head><body>
<header><h1>Digital shelf scorecard <span class="date">${esc(card.date)}</span></h1>
<p class="lede">${card.pages} pages read · changes against ${esc(card.previousDate)} · ${statusLine(card.statusCounts)}${firstProblem ? ` · <a href="#${anchor(firstProblem)}">${problems} page(s) need attention</a>` : ''}</p></header>
<main>${card.targets.map((t) => target(t, trends, links)).join('')}${healthSection(selectorHealth(card))}</main>
<footer>shelfwatch · ▲ better for us than yesterday · ▼ worse · = unchanged</footer></body></html>`;
}

function target(t: TargetScorecard, trends: RankHistory, links: EvidenceLinks): string {
  const proof = (evidence: EvidenceRef) => proofLinks(evidence, links);
  return `<section class="target" data-target="${esc(`${t.site}/${t.market}`)}"><h2>${esc(t.site)} · ${esc(t.market.toUpperCase())} <small>${statusLine(t.statusCounts)}</small></h2>
${t.search.length ? `<h3>Search</h3><table class="search"><thead><tr><th>keyword</th><th>our best organic rank</th><th>last 30 days</th><th>ours in top N</th><th>our share of search</th><th>share of search by brand</th><th>sponsored (ours)</th><th>evidence</th></tr></thead><tbody>
${t.search.map((row) => `<tr class="${row.status}"><td>“${esc(row.keyword)}”</td><td class="num">${rank(row.ourBestOrganicRank, row.status)}</td><td>${sparkline(trends.get(`${t.site}#${t.market}#${row.page}#${row.keyword}`) ?? [])}</td><td class="num">${row.topN === null ? '–' : `${row.ourTilesInTopN.today ?? 0}/${row.topN}`}</td><td class="num">${share(row.ourShare)}</td><td>${bars(row.shareOfSearch)}</td><td class="num">${row.sponsored.ours}</td><td>${proof(row.evidence)}</td></tr>`).join('\n')}</tbody></table>` : ''}
${t.categories.length ? `<h3>Categories</h3><table><thead><tr><th>category</th><th>our best position</th><th>ours in top N</th><th>our share</th><th>evidence</th></tr></thead><tbody>
${t.categories.map((row) => `<tr class="${row.status}"><td>${esc(row.category)}</td><td class="num">${rank(row.ourBestPosition, row.status)}</td><td class="num">${row.topN === null ? '–' : `${row.ourTilesInTopN.today ?? 0}/${row.topN}`}</td><td class="num">${share(row.ourShare)}</td><td>${proof(row.evidence)}</td></tr>`).join('\n')}</tbody></table>` : ''}
${t.placements.length ? `<h3>Placements</h3><table><thead><tr><th>page</th><th>slots we hold</th><th>since yesterday</th><th>evidence</th></tr></thead><tbody>
${t.placements.map((row) => `<tr class="${row.status}"><td>${esc(row.page)}</td><td>${row.status !== 'ok' ? statusBadge(row.status) : row.slotsHeld.length ? row.slotsHeld.map((slot) => `<span class="slot">${esc(slot.slot)} #${slot.index}</span> ${esc(slot.name ?? '')}`).join('<br>') : '<span class="muted">none</span>'}</td><td>${[...row.gained.map((slot) => `<span class="up">+ ${esc(slot.slot)} #${slot.index} ${esc(slot.name ?? '')}</span>`), ...row.lost.map((slot) => `<span class="down">− ${esc(slot.slot)} #${slot.index} ${esc(slot.name ?? '')}</span>`)].join('<br>') || '<span class="muted">no change</span>'}</td><td>${proof(row.evidence)}</td></tr>`).join('\n')}</tbody></table>` : ''}
${t.problems.length ? `<h3 id="${anchor(t)}">Needs attention</h3><ul class="problems">${t.problems.map((p) => `<li>${statusBadge(p.status)} ${esc(p.page)}${p.keyword ? ` “${esc(p.keyword)}”` : ''}${p.brokenSince ? ` — <strong>selector broken since ${esc(p.brokenSince)}</strong>` : ''}${p.message ? `<br><span class="muted">${esc(p.message)}</span>` : ''} ${proof(p.evidence)}</li>`).join('')}</ul>` : ''}
</section>`;
}

/** The screenshot (when it was archived and can be linked) and the page itself. */
function proofLinks(evidence: EvidenceRef, links: EvidenceLinks): string {
  const screenshot = evidence.screenshot ? links.get(evidence.screenshot) : undefined;
  const parts = [
    screenshot ? `<a class="proof" href="${esc(screenshot)}" target="_blank" rel="noopener noreferrer">screenshot</a>` : '',
    evidence.pageUrl && /^https?:/i.test(evidence.pageUrl) ? `<a class="proof" href="${esc(evidence.pageUrl)}" target="_blank" rel="noopener noreferrer">page</a>` : '',
  ].filter(Boolean);
  return parts.join(' · ') || '<span class="muted">–</span>';
}

/** Per selector file page: is it working, when did it last work, how long has it been broken. */
function healthSection(rows: HealthRow[]): string {
  if (rows.length === 0) return '';
  const broken = rows.filter((row) => row.status !== 'ok').length;
  return `<section class="target health" id="selector-health"><h2>Selector health <small>${broken ? `${broken} of ${rows.length} pages need a look` : `all ${rows.length} pages read cleanly`}</small></h2>
<table><thead><tr><th>site · market</th><th>page</th><th>status today</th><th>last good run</th><th>days broken</th></tr></thead><tbody>
${rows.map((row) => `<tr class="${row.status}"><td>${esc(row.site)} · ${esc(row.market.toUpperCase())}</td><td>${esc(healthPageLabel(row))}</td><td>${statusBadge(row.status)}${row.failing && row.failing < row.jobs ? ` <span class="muted">${row.failing} of ${row.jobs}</span>` : ''}</td><td>${row.lastGood ? esc(row.lastGood) : `<span class="down">none in ${BROKEN_LOOKBACK_DAYS} days</span>`}</td><td class="num">${row.daysBroken === null ? `${BROKEN_LOOKBACK_DAYS}+` : row.daysBroken === 0 ? '<span class="muted">0</span>' : `<span class="down">${row.daysBroken}</span>`}</td></tr>`).join('\n')}</tbody></table></section>`;
}

/** "3 ▲2": third today, two places higher than yesterday. A page not read cleanly says so instead. */
function rank(trend: Trend, status: string): string {
  if (status !== 'ok') return statusBadge(status);
  if (trend.today === null) return `<span class="muted">not in results</span>${trend.yesterday !== null ? ` <span class="down">(was ${trend.yesterday})</span>` : ''}`;
  if (trend.change === null) return `${trend.today}`;
  const arrow = trend.change > 0 ? `<span class="up">▲${trend.change}</span>` : trend.change < 0 ? `<span class="down">▼${-trend.change}</span>` : '<span class="muted">=</span>';
  return `${trend.today} ${arrow}`;
}

function share(trend: Trend): string {
  if (trend.today === null) return '–';
  const value = `${(trend.today * 100).toFixed(1)}%`;
  if (!trend.change) return value;
  return `${value} <span class="${trend.change > 0 ? 'up' : 'down'}">${trend.change > 0 ? '▲' : '▼'}${(Math.abs(trend.change) * 100).toFixed(1)}</span>`;
}

function bars(shares: BrandShare[]): string {
  return `<div class="bars">${shares.slice(0, 6).map((entry) => `<span class="bar ${entry.owner}" style="width:${Math.max(2, Math.round(entry.share * 100))}%" title="${esc(entry.brand)} ${(entry.share * 100).toFixed(1)}%">${esc(entry.brand)} ${Math.round(entry.share * 100)}%</span>`).join('')}</div>`;
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
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${segments.map((d) => `<path d="${d}" fill="none" stroke="#2f7d5b" stroke-width="1.6"/>`).join('')}</svg>`;
}

function statusBadge(status: string): string {
  return `<span class="badge ${esc(status)}">${esc(status.replace('_', ' '))}</span>`;
}

function statusLine(counts: Record<string, number>): string {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status.replace('_', ' ')}`).join(', ') || 'nothing read';
}

function anchor(t: TargetScorecard): string {
  return `problems-${t.site}-${t.market}`.replace(/[^\w-]/g, '-');
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d1d24;margin:0;background:#f7f7fa}
header{background:#2f2a4a;color:#fff;padding:18px 28px}h1{margin:0;font-size:22px}.date{opacity:.8;font-weight:400}.lede{margin:6px 0 0;opacity:.9}.lede a{color:#ffd479}
main{padding:12px 28px}section.target{background:#fff;border:1px solid #e3e3ea;border-radius:8px;padding:6px 18px 14px;margin:14px 0;break-inside:avoid}
h2{font-size:18px;margin:10px 0}h2 small{font-weight:400;color:#6b6b78;font-size:13px;margin-left:8px}h3{font-size:14px;margin:14px 0 6px;color:#4a4a58}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eee;vertical-align:top}th{font-weight:600;color:#6b6b78;font-size:12px}
td.num{text-align:right;white-space:nowrap}td:has(>a.proof){white-space:nowrap}.up{color:#0a7d32;font-weight:600}.down{color:#c0262d;font-weight:600}.muted{color:#8a8a96}
.bars{display:flex;gap:2px;min-width:260px}.bar{font-size:11px;white-space:nowrap;overflow:hidden;padding:1px 4px;border-radius:3px;background:#e8e8ef;color:#333}
.bar.ours{background:#2f7d5b;color:#fff}.bar.competitor{background:#e4a23c;color:#222}.slot{display:inline-block;background:#eef3ff;border-radius:3px;padding:0 4px;font-size:12px}
.badge.ok{background:#e2f5e9;color:#0a5d27}a.proof{font-size:12px;color:#3552b0}.badge{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;background:#eee}.badge.selector_miss,.badge.failed,.badge.http_error,.badge.timeout{background:#fde2e2;color:#8a1c1c}.badge.blocked{background:#fff1cc;color:#7a5400}
ul.problems{margin:4px 0;padding-left:18px}footer{padding:10px 28px 24px;color:#8a8a96;font-size:12px}
@media print{body{background:#fff}a.proof{display:none}header{background:#fff;color:#000;border-bottom:2px solid #000}section.target{border:none;padding:0}}`;
