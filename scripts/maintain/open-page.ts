import type { Browser, Page } from 'puppeteer-core';
import { runSteps } from '../../functions/core/page/steps.ts';
import { readySelectorOf } from '../../functions/core/page/read-page.ts';
import { proxyFailure } from '../../functions/core/security/guard-proxy.ts';
import type { PageSpec, SiteFile } from '../../functions/core/selectors/schema.ts';

export interface OpenedPage {
  page: Page;
  /** The HTML the selectors are tried on: the rendered DOM, or the saved file as it is. */
  html: string;
  url: string;
  notes: string[];
}

const NAVIGATION_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 8_000;

/**
 * A tab showing the page as a scan would see it: the live address with the file's browser steps and
 * a wait for its items; or a saved page, offline and without its scripts (what extraction reads is
 * the saved HTML as it is). Left open for outlining and a screenshot; the caller closes it.
 */
export async function openPage(
  browser: Browser,
  site: SiteFile,
  spec: PageSpec,
  source: { url: string; html?: string | undefined },
): Promise<OpenedPage> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.setExtraHTTPHeaders({ 'accept-language': site.locale });
    if (source.html !== undefined) {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      // Offline: a saved page must not call its retailer (or anyone) when it is opened.
      page.on(
        'request',
        (request) =>
          void (request.url().startsWith('data:') ? request.continue() : request.abort('blockedbyclient')).catch(
            () => undefined,
          ),
      );
      await page.setContent(source.html, { waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
      return { page, html: source.html, url: source.url, notes: [] };
    }
    const response = await page.goto(source.url, { waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
    const failure = response ? proxyFailure(response.status()) : null;
    if (failure) throw new Error(`${failure} (${source.url})`);
    // An error page or a bot wall is said at once: the selectors are not what is wrong.
    if (response && response.status() >= 400) throw new Error(answerMessage(response.status()));
    if (site.blockedIf && (await page.$(site.blockedIf)))
      throw new Error(
        `a bot wall (blockedIf "${site.blockedIf}" matched): the site refused the browser, not the selectors`,
      );
    const notes: string[] = [];
    notes.push(...(await runSteps(page, [...site.before, ...(spec.before ?? [])], SETTLE_TIMEOUT_MS)).notes);
    const readySelector = readySelectorOf(site, spec);
    if (readySelector)
      await page
        .waitForSelector(readySelector, { timeout: SETTLE_TIMEOUT_MS })
        .catch(() => notes.push(`nothing matching the items appeared within ${SETTLE_TIMEOUT_MS / 1000} s`));
    return { page, html: await page.content(), url: page.url(), notes };
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

/** What an HTTP error says about the page, for the one who wrote its address. */
export function answerMessage(status: number): string {
  if (status === 404 || status === 410) return `HTTP ${status}: the address is wrong, not the selectors`;
  if (status === 401 || status === 403 || status === 429)
    return `HTTP ${status}: the site refused the browser (a bot wall or a rate limit?), not the selectors`;
  if (status >= 500)
    return `HTTP ${status}: the site failed to answer; try again later, the selectors are not at fault`;
  return `HTTP ${status}: the page is an error page, not the selectors' fault`;
}
