import type { LoadedSite } from '../selectors/load.ts';
import { page } from './layout.ts';
import { esc } from './fragments.ts';

/** The export page: a date range (a week by default), optionally one site and market, CSV or JSON. */
export function exportFormHtml(input: {
  from: string;
  to: string;
  site?: string | undefined;
  market?: string | undefined;
  sites: LoadedSite[];
  user?: { email: string } | undefined;
}): string {
  const option = (value: string, selected: string | undefined, label = value) =>
    `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
  const sites = [...new Set(input.sites.map((site) => site.site))].sort();
  const markets = [...new Set(input.sites.map((site) => site.market))].sort();
  const body = `<section class="card"><h2>Export history</h2>
<p>Every scanned day of the range in one file: the daily scorecard's columns, plus who holds #1, every brand's share of search and links that open the evidence.</p>
<form method="get" action="/history">
<p><label>From <input type="date" name="from" value="${esc(input.from)}" required></label>
<label>to <input type="date" name="to" value="${esc(input.to)}" required></label></p>
<p><label>Site <select name="site">${option('', input.site, 'every site')}${sites.map((site) => option(site, input.site)).join('')}</select></label>
<label>Market <select name="market">${option('', input.market, 'every market')}${markets.map((market) => option(market, input.market)).join('')}</select></label></p>
<p><label>Format <select name="format"><option value="csv" selected>CSV</option><option value="json">JSON</option></select></label>
<label><input type="checkbox" name="bom" value="1"> with a byte-order mark (older Excel)</label></p>
<p><button type="submit">Download</button></p>
</form></section>`;
  return page(
    {
      title: 'shelfwatch · export',
      heading: 'Export',
      nav: [
        { href: '/days', label: 'All days' },
        { href: '/history', label: 'Export', here: true },
      ],
      user: input.user,
    },
    body,
  );
}
