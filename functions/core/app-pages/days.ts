import type { DayOverview } from '../store/days/scanned-days.ts';
import { esc } from './fragments.ts';
import { page } from './layout.ts';

/** The landing page: every scanned day, newest first, with how its pages went and its alerts. */
export function daysPageHtml(days: DayOverview[], user?: { email: string }): string {
  const rows = days.map((day) => {
    const pages =
      day.pages === null
        ? '<span class="muted">scorecard not built yet</span>'
        : `${day.pages} pages · ${day.ok} ok${day.problems ? ` · <span class="down">${day.problems} need attention</span>` : ''} · ${day.markets} market${day.markets === 1 ? '' : 's'}`;
    const alerts = day.alerts ? ` · ${day.alerts} alert${day.alerts === 1 ? '' : 's'}` : '';
    return `<li><a href="/scorecards/${esc(day.date)}"><strong>${esc(day.date)}</strong></a> <span>${pages}${alerts}</span> <small><a href="/scorecards/${esc(day.date)}?format=csv">CSV</a></small></li>`;
  });
  const body = days.length
    ? `<section class="card"><h2>Days</h2><ol class="days">${rows.join('')}</ol></section>`
    : '<section class="card"><p>No scan has run yet.</p></section>';
  return page(
    {
      title: 'shelfwatch · days',
      heading: 'Digital shelf scorecards',
      nav: [
        { href: '/days', label: 'All days', here: true },
        ...(days[0] ? [{ href: `/scorecards/${days[0].date}`, label: `Latest: ${days[0].date}` }] : []),
        { href: '/history', label: 'Export' },
      ],
      user,
    },
    body,
  );
}
