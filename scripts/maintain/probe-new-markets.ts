import type { LoadedSite } from '../../functions/core/selectors/load.ts';
import { pageUrl, withOrigin } from '../../functions/core/selectors/urls.ts';

/** How long a market's first page may take to answer before the push says it cannot be read. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Markets a push would put live for the first time, each asked for its first page (a plain GET,
 * as a static read would): one that answers 4xx/5xx or not at all cannot be read, and is named
 * with what it answered. Markets already live are not asked again. Sites run elsewhere than their
 * file says (the local demo shop) are asked where they run (`origins`).
 */
export async function unreadableNewMarkets(
  sites: LoadedSite[],
  live: Set<string>,
  origins: Record<string, string>,
): Promise<string[]> {
  const fresh = sites.filter((site) => !live.has(`${site.site}/${site.market}`));
  const answers = await Promise.all(
    fresh.map(async (site) => {
      const where = origins[site.site] ? withOrigin(site, origins[site.site]!) : site;
      const page = where.pages[0]!;
      const url = pageUrl(where, page, page.kind === 'search' ? page.keywords[0] : undefined);
      try {
        const response = await fetch(url, {
          redirect: 'manual',
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
          headers: { cookie: 'consent=accepted' },
        });
        await response.body?.cancel();
        return response.status >= 400
          ? `${site.site}/${site.market}: its first page ${url} answered HTTP ${response.status} (a market the site does not have, or a wrong baseUrl?)`
          : null;
      } catch (error) {
        const { cause } = error as { cause?: { code?: string; message?: string } };
        const why = cause?.code ?? cause?.message ?? (error as Error).message;
        return `${site.site}/${site.market}: its first page ${url} could not be reached (${why})`;
      }
    }),
  );
  return answers.filter((answer) => answer !== null);
}
