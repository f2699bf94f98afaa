import { marketPath, summaryPath } from '../app-paths.ts';
import { selectorHealth } from '../health.ts';
import type { MarketView } from '../views/model.ts';
import { categorySection } from './categories.ts';
import { healthSection } from './health.ts';
import { dayNav, page, type NavLink } from './layout.ts';
import { esc, statusLine } from './parts.ts';
import { placementSection } from './placements.ts';
import { problemsSection } from './problems.ts';
import { searchSection } from './search.ts';
import { summarizeMarket } from '../views/summarize.ts';

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
  const { card, date } = view;
  const summary = summarizeMarket(card);
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
      ? `<a class="here" aria-current="true" href="?days=${days}">${days} days</a>`
      : `<a href="?days=${days}">${days} days</a>`,
  ).join('');
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
${searchSection(card, view.series, date, context.days)}
${categorySection(card, view.series, date, context.days)}
${placementSection(card, view.series, date, context.days)}
${problemsSection(card)}
</section>
${healthSection(selectorHealth({ date, previousDate: view.previousDate, previousDateScanned: view.previousDateScanned, pages: summary.pages, statusCounts: card.statusCounts, targets: [card] }))}`;
  return page(
    {
      title: `shelfwatch · ${card.site} ${card.market} · ${date}`,
      heading: `${card.site} · ${card.market.toUpperCase()}`,
      date,
      lede: context.shared
        ? `A read-only view shared with you, until ${esc(context.shared.expiresAt.slice(0, 10))}.`
        : undefined,
      nav,
      user: context.user,
    },
    body,
  );
}
