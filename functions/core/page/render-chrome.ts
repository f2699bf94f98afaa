import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { runSteps } from '../browser/steps.ts';
import type { BrowserStep } from '../selectors/schema.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import { BrowserCrashedError, PageTimeoutError, RequestRefusedError } from './errors.ts';
import type { Capture } from './types.ts';

/** Requests of these kinds change nothing we extract but cost most of a page's bytes. */
export const HEAVY_RESOURCES: ReadonlySet<string> = new Set(['image', 'media', 'font', 'stylesheet']);

export interface ChromeRenderOptions {
  locale: string;
  userAgent?: string | undefined;
  steps: BrowserStep[];
  /** Wait until this matches (the item selector, a bot wall, a no-results note), never for network idle. */
  readySelector: string | null;
  navigationTimeoutMs: number;
  /** How long to wait for readySelector before extracting what is there (a miss is then reported). */
  settleTimeoutMs: number;
  blockResources: boolean;
  /** Every request and redirect the page makes is checked first; a refused one is aborted. */
  guard?: RequestGuard | undefined;
  screenshot: boolean;
}

/**
 * Loads one URL in a new tab, runs the steps, returns the HTML. Tabs share the default context:
 * Chromium's `--single-process` (as on Lambda) cannot create separate browser contexts, so a consent
 * accepted in one tab holds for the next, as for a real shopper (consent clicks are `optional`).
 */
export async function renderInChrome(browser: Browser, url: string, options: ChromeRenderOptions): Promise<Capture> {
  let page: Page | undefined;
  const refusals: string[] = [];
  try {
    page = await browser.newPage();
    await preparePage(page, options, refusals);
    const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: options.navigationTimeoutMs }).catch((error: unknown) => {
      // A navigation (or a redirect of it) the guard stopped: say where it tried to go.
      if (refusals.length > 0) throw new RequestRefusedError(`Refused to load ${url}: ${refusals.join('; ')}`);
      throw translate(error, browser, `GET ${url}`, options.navigationTimeoutMs);
    });
    const httpStatus = response?.status() ?? 0;
    let notes: string[] = [];
    if (httpStatus < 400) {
      notes = await runSteps(page, options.steps, options.settleTimeoutMs).catch((error: unknown) => {
        throw translate(error, browser, `browser steps on ${url}`, options.settleTimeoutMs);
      });
      if (options.readySelector) {
        // A selector that never shows is reported by extraction as selector_miss, not as an error here.
        await page.waitForSelector(options.readySelector, { timeout: options.settleTimeoutMs }).catch((error: unknown) => {
          if (!isTimeout(error)) throw translate(error, browser, `waiting on ${url}`, options.settleTimeoutMs);
        });
      }
    }
    const html = await page.content();
    const screenshot = options.screenshot ? await page.screenshot({ type: 'jpeg', quality: 60, optimizeForSpeed: true }) : null;
    return { url, finalUrl: page.url(), httpStatus, html, screenshot, notes };
  } catch (error) {
    throw translate(error, browser, `GET ${url}`, options.navigationTimeoutMs);
  } finally {
    // A tab of a dead browser may never confirm its closing.
    await Promise.race([page?.close().catch(() => undefined), sleep(2_000)]);
  }
}

async function preparePage(page: Page, options: ChromeRenderOptions, refusals: string[]): Promise<void> {
  await page.setExtraHTTPHeaders({ 'accept-language': options.locale });
  if (options.userAgent) await page.setUserAgent(options.userAgent);
  if (!options.blockResources && !options.guard) return;
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    void decide(request, options, refusals).then(
      (allowed) => (allowed ? request.continue() : request.abort('blockedbyclient')),
      () => request.abort('blockedbyclient'),
    ).catch(() => undefined);
  });
}

/** Heavy resources are skipped; every other request, redirects included, must pass the guard. */
async function decide(request: HTTPRequest, options: ChromeRenderOptions, refusals: string[]): Promise<boolean> {
  if (options.blockResources && HEAVY_RESOURCES.has(request.resourceType())) return false;
  if (!options.guard) return true;
  const verdict = await options.guard(request.url());
  if (verdict.allowed) return true;
  if (request.isNavigationRequest()) refusals.push(verdict.reason);
  return false;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Puppeteer's errors, regrouped by what the pipeline does next. */
function translate(error: unknown, browser: Browser, what: string, timeoutMs: number): Error {
  if (error instanceof PageTimeoutError || error instanceof BrowserCrashedError || error instanceof RequestRefusedError) return error;
  if (isTimeout(error)) return new PageTimeoutError(`Page timed out after ${timeoutMs} ms: ${what}`);
  const message = error instanceof Error ? error.message : String(error);
  if (!browser.connected || /Target closed|Session closed|Connection closed|Protocol error.*(closed|detached)/i.test(message)) {
    return new BrowserCrashedError(`Browser crashed during ${what}: ${message}`);
  }
  return error instanceof Error ? error : new Error(message);
}
