import { accuracyText } from './accuracy.ts';
import type { DaySummary, MarketSummary, Mover } from '../views/model.ts';
import { dayNav, page, sharedLede, type NavLink } from './layout.ts';
import { esc, statusLine, table } from './fragments.ts';
import { SWAPPED_MEANS } from './placements.ts';
import { marketPath, summaryPath } from './app-paths.ts';

export interface SummaryPageContext {
  previous: string | null;
  next: string | null;
  user?: { email: string } | undefined;
  /** A shared, read-only page: markets are not links, no navigation. */
  shared?: { expiresAt: string } | undefined;
  canShare?: boolean;
}

const MOVERS = 5;
const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/**
 * A day across every market on one screen: our share of search, the keywords we hold #1 on, the
 * biggest movers up and down, placements gained and lost, and the pages needing attention, each
 * linking to its market's page. The page the morning alert links to.
 */
export function summaryPageHtml(summary: DaySummary, context: SummaryPageContext): string {
  const markets = summary.markets;
  const link = (market: MarketSummary, text: string, anchor = '') =>
    context.shared ? text : `<a href="${marketPath(summary.date, market.site, market.market)}${anchor}">${text}</a>`;
  const name = (market: MarketSummary) => `${esc(market.site)} · ${esc(market.market.toUpperCase())}`;
  const ours = markets.reduce((sum, market) => sum + market.ourTiles, 0);
  const organic = markets.reduce((sum, market) => sum + market.organicTiles, 0);
  const numberOnes = markets.reduce((sum, market) => sum + market.numberOnes.length, 0);
  const keywords = markets.reduce((sum, market) => sum + market.keywords, 0);
  const attention = markets.reduce((sum, market) => sum + market.problems, 0);
  const gained = markets.reduce((sum, market) => sum + market.placements.gained, 0);
  const lost = markets.reduce((sum, market) => sum + market.placements.lost, 0);
  const kpis = `<div class="kpis">
<div class="kpi"><b>${pct(organic ? ours / organic : null)}</b><span>our share of search, ${markets.length} market${markets.length === 1 ? '' : 's'}</span></div>
<div class="kpi"><b>${numberOnes} of ${keywords}</b><span>keywords where we hold #1</span></div>
<div class="kpi"><b>+${gained} −${lost}</b><span>placement slots gained and lost</span></div>
<div class="kpi"><b>${attention}</b><span>page${attention === 1 ? '' : 's'} needing attention</span></div></div>`;
  const movers = (direction: 'up' | 'down') => {
    const all = markets
      .flatMap((market) => market[direction].map((move) => ({ market, move })))
      .sort((a, b) => Math.abs(b.move.change) - Math.abs(a.move.change))
      .slice(0, MOVERS);
    if (!all.length) return '<p class="muted">none</p>';
    return `<ul class="plain">${all.map(({ market, move }) => `<li>${moverText(move, direction)} — ${link(market, name(market))}</li>`).join('')}</ul>`;
  };
  const rows = markets.map((market) => {
    const cells = [
      `<th scope="row">${link(market, name(market))}</th>`,
      `<td>${statusLine(market.statusCounts)}</td>`,
      `<td class="num">${pct(market.shareOfSearch)}</td>`,
      `<td>${market.numberOnes.length ? `${market.numberOnes.length}: ${market.numberOnes.map((k) => `“${esc(k)}”`).join(', ')}` : '<span class="muted">0</span>'}</td>`,
      `<td>${market.competitorNumberOnes.length ? market.competitorNumberOnes.map((entry) => `“${esc(entry.keyword)}” ${esc(entry.brand ?? '(unknown brand)')}${entry.tracked === false ? ' <span class="muted">(untracked)</span>' : ''}`).join(', ') : '<span class="muted">none</span>'}</td>`,
      `<td class="num">${market.up.length ? `<span class="up">▲${market.up.length}</span>` : ''} ${market.down.length ? `<span class="down">▼${market.down.length}</span>` : ''}</td>`,
      `<td>${market.placements.held} held${market.placements.gained ? ` <span class="up">+${market.placements.gained}</span>` : ''}${market.placements.lost ? ` <span class="down">−${market.placements.lost}</span>` : ''}${market.placements.swapped ? ` <span class="muted" title="${market.placements.swapped} ${SWAPPED_MEANS}">⇄${market.placements.swapped}</span>` : ''}</td>`,
      `<td>${market.categories.map((row) => `${esc(row.category)} ${row.position === null ? '–' : `#${row.position}`}${row.change ? ` <span class="${row.change > 0 ? 'up' : 'down'}">${row.change > 0 ? '▲' : '▼'}${Math.abs(row.change)}</span>` : ''}`).join('<br>') || '<span class="muted">–</span>'}</td>`,
      `<td class="num">${market.accuracy ? link(market, accuracyText(market.accuracy), '#accuracy') : accuracyText(undefined)}</td>`,
      `<td>${market.problems ? link(market, `<span class="down">${market.problems} page${market.problems === 1 ? '' : 's'}</span>`, '#problems') : '<span class="muted">none</span>'}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const share =
    context.canShare && !context.shared
      ? `<form class="inline" method="post" action="/shares"><input type="hidden" name="date" value="${esc(summary.date)}"><label>Share this summary for <select name="days"><option>7</option><option selected>30</option><option>90</option></select> days</label> <button type="submit">Make a share link</button></form>`
      : '';
  if (summary.building)
    return page(
      {
        title: `shelfwatch · summary ${summary.date}`,
        heading: 'Digital shelf summary',
        date: summary.date,
        lede: sharedLede(context.shared),
        nav: context.shared ? [] : dayNav(summaryPath, context),
        user: context.user,
      },
      buildingBody(summary.date, summary.building, Boolean(context.shared)),
    );
  const body = `<section class="card"><h2>Summary <small>${summary.pages} pages read · ${statusLine(summary.statusCounts)} · ${summary.previousDateScanned ? `changes against ${esc(summary.previousDate)}` : 'no earlier day to compare with'}</small></h2>
${kpis}${share}</section>
<section class="card"><h2>Biggest movers</h2><div class="kpis"><div><h3>Up</h3>${movers('up')}</div><div><h3>Down</h3>${movers('down')}</div></div></section>
<section class="card"><h2>Markets</h2>${table('Every site × market of the day', ['site · market', 'pages', 'share of search', 'we hold #1', 'another brand holds #1', 'moves', 'placements', 'categories', 'second reader agrees', 'needs attention'], rows)}
<p class="muted">Placements: + gained, − lost (a position we held and hold no more), ⇄ ${SWAPPED_MEANS}.</p></section>`;
  const nav: NavLink[] = context.shared
    ? []
    : [
        ...dayNav(summaryPath, context),
        { href: `/history?to=${summary.date}`, label: 'Export' },
        ...(context.canShare ? [{ href: '/shares', label: 'Share links' }] : []),
      ];
  return page(
    {
      title: `shelfwatch · summary ${summary.date}`,
      heading: 'Digital shelf summary',
      date: summary.date,
      lede: sharedLede(context.shared),
      nav,
      user: context.user,
    },
    body,
  );
}

/** A day whose scan is still going: how far it got, and its markets (each market's page is built when asked). */
function buildingBody(date: string, building: NonNullable<DaySummary['building']>, shared: boolean): string {
  const markets = building.markets
    .map(({ site, market }) =>
      shared
        ? `<li>${esc(site)} · ${esc(market.toUpperCase())}</li>`
        : `<li><a href="${marketPath(date, site, market)}">${esc(site)} · ${esc(market.toUpperCase())}</a></li>`,
    )
    .join('');
  return `<section class="card"><h2>The day's scan is still going</h2>
<p>${building.pages} pages read so far. The summary is built once the day's run has finished (within minutes of its last page); each market's page can be opened now.</p>
<ul class="plain">${markets}</ul></section>`;
}

function moverText(move: Mover, direction: 'up' | 'down'): string {
  const where = (rank: number | null) => (rank === null ? 'not in results' : `#${rank}`);
  const arrow =
    direction === 'up' ? `<span class="up">▲${move.change}</span>` : `<span class="down">▼${-move.change}</span>`;
  return `“${esc(move.keyword)}” ${where(move.yesterday)} → ${where(move.today)} ${arrow}`;
}
