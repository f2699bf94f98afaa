import { marketPath, summaryPath } from './app-paths.ts';
import { selectorHealth } from '../scorecard/health.ts';
import { ACCURACY_SERIES, SEARCH_ROWS_PER_PART, type MarketView } from '../views/model.ts';
import { lastDays } from './chart.ts';
import { categorySection } from './categories.ts';
import { healthSection } from './health.ts';
import { dayNav, page, sharedLede, type NavLink } from './layout.ts';
import { esc, statusLine } from './fragments.ts';
import { placementSection } from './placements.ts';
import { problemsSection } from './problems.ts';
import { accuracySection } from './accuracy.ts';
import { searchSection } from './search.ts';

/** The trend windows a market page offers. */
export const WINDOWS = [7, 30, 90] as const;

export interface MarketPageContext {
  days: number;
  previous: string | null;
  next: string | null;
  user?: { email: string } | undefined;
  /** A shared, read-only page: no navigation out of it, no forms. */
  shared?: { expiresAt: string } | undefined;
  /** Administrators may make a share link of the page. */
  canShare?: boolean;
}

/** One site × market of one day: its figures, who holds #1, share of search, placements, what needs attention, and their trends. */
export function marketPageHtml(view: MarketView, context: MarketPageContext): string {
  const { card, date, summary, part } = view;
  const query = (over: { days?: number; part?: number }) => {
    const days = over.days ?? context.days;
    const index = over.part ?? part.index + 1;
    return `?${new URLSearchParams({ ...(days === 30 ? {} : { days: String(days) }), ...(index === 1 ? {} : { part: String(index) }) })}`;
  };
  const path = (day: string) => marketPath(day, card.site, card.market);
  const nav: NavLink[] = context.shared
    ? []
    : [
        ...dayNav(path, context),
        { href: summaryPath(date), label: 'Summary of the day' },
        {
          href: `/history?site=${encodeURIComponent(card.site)}&market=${encodeURIComponent(card.market)}`,
          label: 'Export',
        },
      ];
  const windows = WINDOWS.map((days) =>
    days === context.days
      ? `<a class="here" aria-current="true" href="${query({ days })}">${days} days</a>`
      : `<a href="${query({ days })}">${days} days</a>`,
  ).join('');
  const pager = part.count > 1 ? partsNav(part, (index) => query({ part: index })) : '';
  const kpis = `<div class="kpis">
<div class="kpi"><b>${summary.shareOfSearch === null ? '–' : `${(summary.shareOfSearch * 100).toFixed(1)}%`}</b><span>our share of search</span></div>
<div class="kpi"><b>${summary.numberOnes.length} of ${summary.keywords}</b><span>keywords where we hold #1</span></div>
<div class="kpi"><b>${summary.placements.held}</b><span>placement slots held${summary.placements.gained || summary.placements.lost ? ` (+${summary.placements.gained} −${summary.placements.lost})` : ''}</span></div>
<div class="kpi"><b>${summary.problems}</b><span>page${summary.problems === 1 ? '' : 's'} needing attention</span></div></div>`;
  const share =
    context.canShare && !context.shared
      ? `<form class="inline" method="post" action="/shares"><input type="hidden" name="site" value="${esc(card.site)}"><input type="hidden" name="market" value="${esc(card.market)}"><input type="hidden" name="date" value="${esc(date)}"><label>Share this view for <select name="days"><option>7</option><option selected>30</option><option>90</option></select> days</label> <button type="submit">Make a share link</button></form>`
      : '';
  const body = `<section class="card">
<h2>${esc(card.site)} · ${esc(card.market.toUpperCase())} <small>${statusLine(card.statusCounts)} · ${view.previousDateScanned ? `changes against ${esc(view.previousDate)}` : 'no earlier day to compare with'}</small></h2>
${kpis}
<p class="windows">Trends over: ${windows} ${share}</p>
${pager}${searchSection(card, view.series, date, context.days)}${pager}
${part.index === 0 ? categorySection(card, view.series, date, context.days) : ''}
${part.index === 0 ? placementSection(card, view.series, date, context.days) : ''}
${part.index === 0 ? problemsSection(card) : ''}
${part.index === 0 ? accuracySection(card.accuracy, lastDays(view.series[ACCURACY_SERIES]?.accuracy, date, context.days)) : ''}
</section>
${part.index === 0 ? healthSection(selectorHealth({ date, previousDate: view.previousDate, previousDateScanned: view.previousDateScanned, pages: summary.pages, statusCounts: card.statusCounts, targets: [card] }), card.accuracy) : ''}`;
  return page(
    {
      title: `shelfwatch · ${card.site} ${card.market} · ${date}`,
      heading: `${card.site} · ${card.market.toUpperCase()}`,
      date,
      lede: sharedLede(context.shared),
      nav,
      user: context.user,
    },
    body,
  );
}

/** Which search rows this page shows of how many, and links to the other parts (a large market is read a part at a time). */
function partsNav(part: MarketView['part'], href: (index: number) => string): string {
  const last = Math.min(part.firstRow + SEARCH_ROWS_PER_PART, part.searchRows);
  const links = Array.from({ length: part.count }, (_unused, index) =>
    index === part.index
      ? `<strong aria-current="page">${index + 1}</strong>`
      : `<a href="${href(index + 1)}">${index + 1}</a>`,
  );
  const previous = part.index > 0 ? `<a href="${href(part.index)}" rel="prev">← previous</a> ` : '';
  const next = part.index < part.count - 1 ? ` <a href="${href(part.index + 2)}" rel="next">next →</a>` : '';
  return `<nav class="parts" aria-label="Parts of the search keywords"><p>Keywords ${part.firstRow + 1}–${last} of ${part.searchRows} · ${previous}${links.join(' ')}${next}</p></nav>`;
}
