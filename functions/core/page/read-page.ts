import type { Browser } from 'puppeteer-core';
import type { Classifier } from '../extract/classify.ts';
import { buildListingResult, extractPage, readListingPage, type ListingPageRead } from '../extract/extract.ts';
import type { PageSpec, SiteFile } from '../selectors/schema.ts';
import { isSameOrigin, pageUrl } from '../selectors/urls.ts';
import { BrowserCrashedError, PageNavigatedError, PageTimeoutError, PageTooLargeError, RequestRefusedError } from './errors.ts';
import { fetchStatic } from './fetch-static.ts';
import { renderInChrome } from './render-chrome.ts';
import type { Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import type { Capture, PageOutcome } from './types.ts';

export interface ReadPageOptions {
  navigationTimeoutMs: number;
  settleTimeoutMs: number;
  blockResources: boolean;
  screenshot: boolean;
  userAgent: string;
}

export const DEFAULT_READ_OPTIONS: ReadPageOptions = {
  navigationTimeoutMs: 20_000,
  settleTimeoutMs: 8_000,
  blockResources: true,
  screenshot: true,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0 Safari/537.36 shelfwatch',
};

export interface ReadPageDeps {
  /** The container's browser, launched on first use. */
  browser: () => Promise<Browser>;
  classify: Classifier;
  /** Checks every request, redirect and socket of a static fetch (SSRF); absent means allow all. */
  guard?: RequestGuard | undefined;
  /** What the browser's guarding proxy refused since a time (see browser/guarded-launcher.ts). */
  refusalsSince?: ((since: number) => Refusal[]) | undefined;
  options?: Partial<ReadPageOptions>;
}

export interface PageTarget {
  site: SiteFile;
  page: PageSpec;
  keyword?: string | undefined;
}

/**
 * Reads one page job: fetch or render, follow listing pages, extract. A page's own problems (HTTP
 * errors, bot walls, timeouts) come back as a status; only a crashed browser is thrown, because the
 * caller must replace it.
 */
export async function readPage(target: PageTarget, deps: ReadPageDeps): Promise<PageOutcome> {
  const options = { ...DEFAULT_READ_OPTIONS, ...deps.options };
  const { site, page } = target;
  const captures: Capture[] = [];
  const fail = (status: PageOutcome['status'], message: string): PageOutcome => ({ status, result: null, captures, message });
  try {
    let url: string | null = pageUrl(site, page, target.keyword);
    const maxPages = page.kind === 'category' ? page.maxPages : 1;
    const reads: ListingPageRead[] = [];
    while (url !== null && captures.length < maxPages) {
      const capture = await capturePage(url, target, deps, options);
      captures.push(capture);
      const input = { html: capture.html, pageUrl: capture.finalUrl, site, page, classify: deps.classify };
      if (capture.httpStatus >= 400) {
        // Many bot walls answer 403 or 503: a wall is "blocked", any other error page an HTTP error.
        const result = extractPage(input);
        return result.status === 'blocked' ? { status: 'blocked', result, captures, message: `Bot wall (HTTP ${capture.httpStatus}) at ${url}` } : fail('http_error', `HTTP ${capture.httpStatus} from ${url}`);
      }
      if (page.kind === 'placement') {
        const result = extractPage(input);
        return { status: result.status, result, captures, message: messageFor(result.status, url, captures) };
      }
      const read = readListingPage(input);
      reads.push(read);
      if (read.blocked || read.tiles.length === 0) break;
      url = read.nextUrl !== null && isSameOrigin(read.nextUrl, site) ? read.nextUrl : null;
    }
    const result = buildListingResult({ site, page, classify: deps.classify }, reads);
    return { status: result.status, result, captures, message: messageFor(result.status, captures[0]?.url ?? '', captures) };
  } catch (error) {
    if (error instanceof BrowserCrashedError) throw error;
    if (error instanceof PageTimeoutError) return fail('timeout', error.message);
    // What another attempt would meet again: said as it is, not retried.
    if (error instanceof RequestRefusedError || error instanceof PageNavigatedError || error instanceof PageTooLargeError) return { ...fail('failed', error.message), retryable: false };
    return fail('failed', error instanceof Error ? error.message : String(error));
  }
}

function capturePage(url: string, target: PageTarget, deps: ReadPageDeps, options: ReadPageOptions): Promise<Capture> {
  const { site, page } = target;
  const render = page.render ?? site.render;
  if (render === 'static') return fetchStatic(url, { locale: site.locale, timeoutMs: options.navigationTimeoutMs, userAgent: options.userAgent, guard: deps.guard });
  return deps.browser().then((browser) =>
    renderInChrome(browser, url, {
      locale: site.locale,
      userAgent: options.userAgent,
      steps: [...site.before, ...(page.before ?? [])],
      readySelector: readySelectorOf(site, page),
      navigationTimeoutMs: options.navigationTimeoutMs,
      settleTimeoutMs: options.settleTimeoutMs,
      blockResources: options.blockResources,
      screenshot: options.screenshot,
      refusalsSince: deps.refusalsSince,
    }),
  );
}

/** What a rendered page is waited for: its items (required slots), a "no results" note, or a bot wall. */
export function readySelectorOf(site: Pick<SiteFile, 'blockedIf'>, page: PageSpec): string | null {
  const ready = page.kind === 'placement' ? Object.values(page.slots).filter((slot) => !slot.optional).map((slot) => slot.item) : [page.item, page.noResults];
  return [...ready, site.blockedIf].filter((selector): selector is string => Boolean(selector)).join(', ') || null;
}

function messageFor(status: PageOutcome['status'], url: string, captures: Capture[]): string | null {
  return extractionMessage(status, url, captures.flatMap((capture) => capture.notes));
}

/** What an observation says about how extraction ended; also used when archived HTML is extracted again. */
export function extractionMessage(status: PageOutcome['status'], url: string, notes: string[] = []): string | null {
  const detail = notes.length ? `; ${notes.join('; ')}` : '';
  if (status === 'selector_miss') return `Item selector matched nothing at ${url} (has the site changed?)${detail}`;
  if (status === 'blocked') return `Bot wall at ${url}`;
  return notes.length ? notes.join('; ') : null;
}
