import type { Browser } from 'puppeteer-core';
import type { Classifier } from '../extract/classify.ts';
import { extractPages, type PageHtml } from '../extract/extract.ts';
import { extractionMessage } from '../extract/message.ts';
import type { PageSpec, SiteFile } from '../selectors/schema.ts';
import { pageUrl } from '../selectors/urls.ts';
import { BrowserCrashedError, PageError } from './errors.ts';
import { fetchStatic } from './fetch-static.ts';
import { marketTimezone } from './identity.ts';
import { renderInChrome } from './render-chrome.ts';
import type { Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import type { Capture, PageOutcome } from './types.ts';

export interface ReadPageOptions {
  navigationTimeoutMs: number;
  settleTimeoutMs: number;
  blockResources: boolean;
  screenshot: boolean;
  /** Every site's user agent, unless its file names one; by default the browser's own (page/identity.ts). */
  userAgent?: string | undefined;
}

export const DEFAULT_READ_OPTIONS: ReadPageOptions = {
  navigationTimeoutMs: 20_000,
  settleTimeoutMs: 8_000,
  blockResources: true,
  screenshot: true,
};

export interface ReadPageDeps {
  /** The container's browser, launched on first use. */
  browser: () => Promise<Browser>;
  classify: Classifier;
  /** Checks every request, redirect and socket of a static fetch (SSRF); absent means allow all. */
  guard?: RequestGuard | undefined;
  /** What the browser's guarding proxy refused since a time (see browser/guarded-launcher.ts). */
  refusalsSince?: ((since: number) => Refusal[]) | undefined;
  /** The session's upstream proxy for a static fetch (a browser's is in the browser it gets). */
  proxyUrl?: string | null | undefined;
  /** A new session's first page: the site's cookies from earlier sessions are cleared first. */
  freshSession?: boolean | undefined;
  /** Waits for the site's turn before each page load (politeness/site-pace.ts). */
  pace?: (() => Promise<unknown>) | undefined;
  options?: Partial<ReadPageOptions>;
}

export interface ResolvedTarget {
  site: SiteFile;
  page: PageSpec;
  keyword?: string | undefined;
}

/**
 * Reads one job's page: fetch or render, follow listing pages, extract. A page's own problems (HTTP
 * errors, bot walls, timeouts) come back as a status; only a crashed browser is thrown, because the
 * caller must replace it.
 */
export async function readPage(target: ResolvedTarget, deps: ReadPageDeps): Promise<PageOutcome> {
  const options = { ...DEFAULT_READ_OPTIONS, ...deps.options };
  const { site, page } = target;
  const captures: Capture[] = [];
  const fail = (status: PageOutcome['status'], message: string): PageOutcome => ({
    status,
    result: null,
    captures,
    message,
  });
  const extracting = { site, page, classify: deps.classify };
  try {
    const firstUrl = pageUrl(site, page, target.keyword);
    const pages: PageHtml[] = [];
    for (let url: string | null = firstUrl; url !== null;) {
      const capture = await capturePage(url, target, deps, options);
      captures.push(capture);
      pages.push({ html: capture.html, url: capture.finalUrl });
      const { result, nextUrl } = extractPages(extracting, pages);
      if (capture.httpStatus >= 400) {
        // Many bot walls answer 403 or 503: a wall is "blocked", any other error page an HTTP error.
        return result.status === 'blocked'
          ? { status: 'blocked', result, captures, message: `Bot wall (HTTP ${capture.httpStatus}) at ${url}` }
          : fail('http_error', `HTTP ${capture.httpStatus} from ${url}`);
      }
      if (nextUrl === null) {
        const notes = captures.flatMap((read) => read.notes);
        return { status: result.status, result, captures, message: extractionMessage(result.status, firstUrl, notes) };
      }
      url = nextUrl;
    }
    throw new Error('unreachable');
  } catch (error) {
    // A crashed browser is the caller's to replace; every other page error is this page's status.
    if (error instanceof BrowserCrashedError) throw error;
    if (error instanceof PageError)
      return { ...fail(error.status, error.message), ...(error.retryable ? {} : { retryable: false }) };
    return fail('failed', error instanceof Error ? error.message : String(error));
  }
}

async function capturePage(
  url: string,
  target: ResolvedTarget,
  deps: ReadPageDeps,
  options: ReadPageOptions,
): Promise<Capture> {
  const { site, page } = target;
  const render = page.render ?? site.render;
  const userAgent = site.identity.userAgent ?? options.userAgent;
  await deps.pace?.();
  if (render === 'static')
    return fetchStatic(url, {
      locale: site.locale,
      timeoutMs: options.navigationTimeoutMs,
      userAgent,
      guard: deps.guard,
      proxyUrl: deps.proxyUrl,
    });
  return deps.browser().then((browser) =>
    renderInChrome(browser, url, {
      locale: site.locale,
      timezone: marketTimezone(site.locale, site.identity),
      userAgent,
      steps: [...site.before, ...(page.before ?? [])],
      readySelector: readySelectorOf(site, page),
      navigationTimeoutMs: options.navigationTimeoutMs,
      settleTimeoutMs: options.settleTimeoutMs,
      blockResources: options.blockResources,
      screenshot: options.screenshot,
      refusalsSince: deps.refusalsSince,
      clearCookies: deps.freshSession ?? false,
    }),
  );
}

/** What a rendered page is waited for: its items (required slots), a "no results" note, or a bot wall. */
export function readySelectorOf(site: Pick<SiteFile, 'blockedIf'>, page: PageSpec): string | null {
  const ready =
    page.kind === 'placement'
      ? Object.values(page.slots)
          .filter((slot) => !slot.optional)
          .map((slot) => slot.item)
      : [page.item, page.noResults];
  return [...ready, site.blockedIf].filter((selector): selector is string => Boolean(selector)).join(', ') || null;
}
