import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';
import { acceptLanguage, browserUserAgent } from './identity.ts';
import { runSteps } from './steps.ts';
import type { BrowserStep } from '../selectors/schema.ts';
import { proxyFailure, REFUSED_HEADER, type Refusal } from '../security/guard-proxy.ts';
import {
  BrowserCrashedError,
  PageError,
  PageNavigatedError,
  PageTimeoutError,
  PageTooLargeError,
  RequestRefusedError,
} from './errors.ts';
import { MAX_HTML_BYTES } from './limits.ts';
import type { Capture } from './types.ts';

/** Requests of these kinds change nothing we extract but cost most of a page's bytes. */
export const HEAVY_RESOURCES: ReadonlySet<string> = new Set(['image', 'media', 'font', 'stylesheet']);

export interface ChromeRenderOptions {
  locale: string;
  /** The browser's timezone, the market's (page/identity.ts). */
  timezone?: string | undefined;
  /** Replaces the browser's own user agent (which is sent without "Headless" otherwise). */
  userAgent?: string | undefined;
  steps: BrowserStep[];
  /** Wait until this matches (the item selector, a bot wall, a no-results note), never for network idle. */
  readySelector: string | null;
  navigationTimeoutMs: number;
  /** How long to wait for readySelector before extracting what is there (a miss is then reported). */
  settleTimeoutMs: number;
  blockResources: boolean;
  screenshot: boolean;
  /** Forget the site's cookies before loading (a new session after a block). */
  clearCookies?: boolean | undefined;
  /**
   * What the browser's guarding proxy refused since a time: a refused navigation becomes this page's
   * reason, other refused connections while it was open become notes. Absent for an unguarded browser.
   */
  refusalsSince?: ((since: number) => Refusal[]) | undefined;
}

/**
 * Loads one URL in a new tab, runs the steps, returns the HTML. Tabs share the default context:
 * Chromium's `--single-process` (as on Lambda) cannot create separate browser contexts, so a consent
 * accepted in one tab holds for the next, as for a real shopper (consent clicks are `optional`).
 * Which addresses may be reached is decided by the guarding proxy, for every connection of the browser.
 */
export async function renderInChrome(browser: Browser, url: string, options: ChromeRenderOptions): Promise<Capture> {
  let page: Page | undefined;
  const since = Date.now();
  const navigation: Navigation = { hops: [], urls: [], redirects: [] };
  try {
    page = await browser.newPage();
    await preparePage(page, options, navigation);
    if (options.clearCookies) await clearSiteCookies(page, url);
    const response = await page
      .goto(url, { waitUntil: 'domcontentloaded', timeout: options.navigationTimeoutMs })
      .catch((error: unknown) => {
        throw (
          navigationError(error, url, navigation, since, options) ??
          translate(error, browser, `GET ${url}`, options.navigationTimeoutMs)
        );
      });
    refusedResponse(response, url);
    const httpStatus = response?.status() ?? 0;
    // The documents of the navigation asked for: its redirects and the page they ended on.
    const loaded = {
      url: response?.url() ?? page.url(),
      hops: response ? response.request().redirectChain().length + 1 : navigation.hops.length,
    };
    // A document the page loads by itself is another page: reading it would record its tiles as this one's.
    const selfNavigated = () =>
      navigation.hops.length > loaded.hops
        ? new PageNavigatedError(
            `The page navigated away by itself (a script or a meta refresh): it loaded ${loaded.url}, then went to ${navigation.urls.at(-1)}; nothing was read`,
          )
        : null;
    const fail = (what: string, timeoutMs: number) => (error: unknown) => {
      throw selfNavigated() ?? translate(error, browser, what, timeoutMs, page);
    };
    let notes: string[] = [];
    if (httpStatus < 400) {
      const steps = await runSteps(page, options.steps, options.settleTimeoutMs, () => (loaded.hops += 1)).catch(
        fail(`browser steps on ${url}`, options.settleTimeoutMs),
      );
      notes = steps.notes;
      if (options.readySelector) {
        // A selector that never shows is reported by extraction as selector_miss, not as an error here.
        await page
          .waitForSelector(options.readySelector, { timeout: options.settleTimeoutMs })
          .catch((error: unknown) => {
            if (!isTimeout(error) || selfNavigated()) fail(`waiting on ${url}`, options.settleTimeoutMs)(error);
          });
      }
    }
    const html = await page.content().catch(fail(`reading ${url}`, options.settleTimeoutMs));
    const navigated = selfNavigated();
    if (navigated) throw navigated;
    if (html.length > MAX_HTML_BYTES)
      throw new PageTooLargeError(
        `Page at ${page.url()} holds ${(html.length / 1024 / 1024).toFixed(1)} MB of HTML, over the ${MAX_HTML_BYTES / 1024 / 1024} MB the scraper reads`,
      );
    const screenshot = options.screenshot
      ? await page.screenshot({ type: 'jpeg', quality: 60, optimizeForSpeed: true })
      : null;
    const refused = refusalNote(options.refusalsSince?.(since) ?? []);
    return {
      url,
      finalUrl: page.url(),
      httpStatus,
      retryAfter: response?.headers()['retry-after'] ?? null,
      html,
      screenshot,
      notes: refused ? [...notes, refused] : notes,
    };
  } catch (error) {
    throw translate(error, browser, `GET ${url}`, options.navigationTimeoutMs, page);
  } finally {
    // A tab of a dead browser may never confirm its closing.
    await Promise.race([page?.close().catch(() => undefined), sleep(2_000)]);
  }
}

/** What the tab saw of its own navigation: the endpoints it asked for, and the redirects it was sent. */
interface Navigation {
  /** Endpoint (`host:port`) of each main-frame document request, as the proxy names connections. */
  hops: string[];
  urls: string[];
  redirects: Array<{ from: string; location: string }>;
}

async function preparePage(page: Page, options: ChromeRenderOptions, navigation: Navigation): Promise<void> {
  await page.setExtraHTTPHeaders({ 'accept-language': acceptLanguage(options.locale) });
  await page.setUserAgent(options.userAgent ?? (await browserUserAgent(page.browser())));
  // Under --single-process (as on Lambda) the override is the whole browser's: while another
  // market's tab holds one, this tab keeps it, which changes only how the page shows times.
  if (options.timezone)
    await page.emulateTimezone(options.timezone).catch((error: unknown) => {
      if (!/already in effect/.test((error as Error).message)) throw error;
    });
  // A service worker an earlier page registered must not answer for this one.
  await page.setBypassServiceWorker(true);
  // A popup is never read; it would only hold memory (its connections go through the proxy like any other).
  page.on('popup', (popup) => void popup?.close().catch(() => undefined));
  page.on('request', (request: HTTPRequest) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigation.hops.push(endpointOf(request.url()));
      navigation.urls.push(request.url());
    }
  });
  page.on('response', (response: HTTPResponse) => {
    const location = response.headers().location;
    if (
      location &&
      response.status() >= 300 &&
      response.status() < 400 &&
      response.request().isNavigationRequest() &&
      response.frame() === page.mainFrame()
    ) {
      navigation.redirects.push({ from: response.url(), location: absolute(location, response.url()) });
    }
  });
  if (!options.blockResources) return;
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    void (HEAVY_RESOURCES.has(request.resourceType()) ? request.abort('blockedbyclient') : request.continue()).catch(
      () => undefined,
    );
  });
}

/** Deletes the cookies a site set in this browser (its host and its parent domains'), so a new session starts clean. */
async function clearSiteCookies(page: Page, url: string): Promise<void> {
  const host = new URL(url).hostname;
  const client = await page.createCDPSession();
  try {
    const { cookies } = await client.send('Storage.getCookies');
    for (const cookie of cookies) {
      const domain = cookie.domain.replace(/^\./, '');
      if (host === domain || host.endsWith(`.${domain}`))
        await client.send('Network.deleteCookies', { name: cookie.name, domain: cookie.domain, path: cookie.path });
    }
  } finally {
    await client.detach().catch(() => undefined);
  }
}

/** The proxy answers a refused plain-HTTP request itself; its marker tells that apart from the site's own 403. */
function refusedResponse(response: HTTPResponse | null, url: string): void {
  if (!response) return;
  const where = response.url() === url ? url : `${response.url()} (redirected from ${url})`;
  const reason = response.headers()[REFUSED_HEADER];
  if (reason !== undefined) throw new RequestRefusedError(`Refused to load ${where}: ${decodeURIComponent(reason)}`);
  const failure = proxyFailure(response.status());
  if (failure) throw new Error(`Could not reach ${where}: ${failure}`);
}

/**
 * A navigation the proxy refused (a CONNECT it answered 403: https, a redirect there), or a redirect
 * Chromium will not follow (to file:, chrome:, data:, javascript:, ftp: …).
 */
function navigationError(
  error: unknown,
  url: string,
  navigation: Navigation,
  since: number,
  options: ChromeRenderOptions,
): Error | null {
  const message = error instanceof Error ? error.message : String(error);
  const leaving = navigation.redirects.find((redirect) => !/^https?:/i.test(redirect.location));
  if (leaving || /ERR_UNSAFE_REDIRECT/.test(message)) {
    const where = leaving ? `${leaving.from} to ${leaving.location.slice(0, 200)}` : `${url} to a non-http(s) address`;
    return new RequestRefusedError(
      `Refused to follow a redirect from ${where}: it leads to a non-http(s) address, which is never followed (${message.split(' at ')[0]})`,
    );
  }
  if (/ERR_ABORTED/.test(message) && navigation.hops.length <= 1) {
    // Chromium hands a redirect to javascript:, ftp: or a download to nothing and aborts, without telling where it led.
    return new RequestRefusedError(
      `Refused to follow ${url}: Chromium aborted it, because it answered with a redirect to a non-http(s) address (javascript:, ftp: …) or a download instead of a page (${message.split(' at ')[0]})`,
    );
  }
  if (!/ERR_TUNNEL_CONNECTION_FAILED|ERR_BLOCKED_BY_CLIENT|ERR_FAILED/.test(message)) return null;
  const refusal = (options.refusalsSince?.(since) ?? []).find((candidate) =>
    navigation.hops.includes(candidate.target),
  );
  if (!refusal)
    return /ERR_TUNNEL_CONNECTION_FAILED/.test(message)
      ? new Error(`Could not reach ${url}: the connection to the site failed (${message.split(' at ')[0]})`)
      : null;
  const where = endpointOf(url) === refusal.target ? url : `${refusal.target} (redirected from ${url})`;
  return new RequestRefusedError(`Refused to load ${where}: ${refusal.reason}`);
}

function absolute(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

/** Other connections refused while this page was open (its scripts, workers, popups; with several tabs, possibly another tab's). */
function refusalNote(refusals: Refusal[]): string | null {
  if (refusals.length === 0) return null;
  const targets = [...new Set(refusals.map((refusal) => refusal.target))];
  return `refused ${refusals.length} connection(s) to internal addresses while the page was open: ${targets.slice(0, 5).join(', ')}${targets.length > 5 ? ', …' : ''}`;
}

/** `http://Shop.example/x` → `shop.example:80`, as the proxy names a connection. */
function endpointOf(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80)}`;
  } catch {
    return raw;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Puppeteer's errors, regrouped by what the pipeline does next. */
function translate(error: unknown, browser: Browser, what: string, timeoutMs: number, page?: Page): Error {
  if (error instanceof PageError) return error;
  if (isTimeout(error)) return new PageTimeoutError(`Page timed out after ${timeoutMs} ms: ${what}`);
  const message = error instanceof Error ? error.message : String(error);
  if (
    !browser.connected ||
    /Target closed|Session closed|Connection closed|Protocol error.*(closed|detached)/i.test(message)
  ) {
    return new BrowserCrashedError(`Browser crashed during ${what}: ${message}`);
  }
  if (
    /Execution context was destroyed|navigating frame was detached|Cannot find context with specified id/i.test(message)
  ) {
    const now = page && !page.isClosed() ? page.url() : 'another address';
    return new PageNavigatedError(
      `The page navigated away by itself (a script or a meta refresh) during ${what}; it was at ${now} when reading stopped`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}
