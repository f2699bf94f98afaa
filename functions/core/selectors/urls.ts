import type { PageSpec, SiteFile } from './schema.ts';

/**
 * The address of one target's page. Paths are appended to baseUrl (its path kept), keywords are
 * URL-encoded, and the result must stay on baseUrl's origin: a selector file cannot send the
 * scraper anywhere else.
 */
export function pageUrl(site: Pick<SiteFile, 'baseUrl'>, page: Pick<PageSpec, 'url'>, keyword?: string): string {
  const base = new URL(site.baseUrl);
  const path = keyword === undefined ? page.url : page.url.replaceAll('{keyword}', encodeURIComponent(keyword));
  const url = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}${path}`);
  if (url.origin !== base.origin) throw new Error(`page URL ${url} leaves ${base.origin}`);
  return url.toString();
}

/** True when a link found on a page (a "next page" link, a redirect) stays on the site's origin. */
export function isSameOrigin(url: string, site: Pick<SiteFile, 'baseUrl'>): boolean {
  try {
    return new URL(url).origin === new URL(site.baseUrl).origin;
  } catch {
    return false;
  }
}

/** Points a site at another origin, keeping its path: the demo shop on a test's random port. */
export function withOrigin<T extends Pick<SiteFile, 'baseUrl'>>(site: T, origin: string): T {
  const base = new URL(site.baseUrl);
  return { ...site, baseUrl: `${new URL(origin).origin}${base.pathname}${base.search}` };
}
