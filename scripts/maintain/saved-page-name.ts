import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What a saved page's file name says, in the naming `extract --dir` reads:
 * `<site>-<market>_<page>[_<keyword or category>].html` ("shop-fr_search_brow-gel.html",
 * "shop-fr_category_mascara.html", "shop-fr_home.html"). Null parts where the name says nothing.
 */
export function parseSavedPageName(file: string): {
  site: string | null;
  market: string | null;
  page: string | null;
  keyword: string | null;
} {
  const [where = '', page = null, rest = null] = path.basename(file, '.html').split('_');
  const dash = where.lastIndexOf('-');
  const site = dash > 0 ? where.slice(0, dash) : null;
  const market = dash > 0 ? where.slice(dash + 1) : null;
  // A category page is named by the category; a search page's third part is its keyword.
  if (page === 'category') return { site, market, page: rest, keyword: null };
  return { site, market, page, keyword: page === 'search' && rest ? rest.replaceAll('-', ' ') : null };
}

/**
 * The selector file of a saved page: `<name>.yaml` beside it (or in the selectors folder), else
 * the project's own layout, `<selectors folder>/<site>/<market>.yaml`, from the page's name.
 */
export function selectorFileFor(html: string, selectorsDir: string | undefined): string {
  const dir = selectorsDir ?? path.dirname(html);
  const flat = path.join(dir, `${path.basename(html, '.html')}.yaml`);
  if (existsSync(flat)) return flat;
  const { site, market } = parseSavedPageName(html);
  const laidOut = site && market ? path.join(dir, site, `${market}.yaml`) : null;
  return laidOut && existsSync(laidOut) ? laidOut : flat;
}
