import type { Browser, HTTPRequest } from 'puppeteer-core';
import { HEAVY_RESOURCES } from '../../functions/core/page/render-chrome.ts';

/**
 * The floor: what reading a page costs the browser itself. A new tab, heavy resources blocked (or
 * not), goto until the DOM is parsed, wait for the item selector, read the HTML, close the tab.
 */
export async function renderFloor(
  browser: Browser,
  url: string,
  readySelector: string,
  blockResources: boolean,
  sameOriginOnly = false,
): Promise<string> {
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  try {
    if (blockResources || sameOriginOnly) {
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        // A saved real page still names its retailer's servers, which this machine cannot reach.
        const refused =
          (blockResources && HEAVY_RESOURCES.has(request.resourceType())) ||
          (sameOriginOnly && !request.url().startsWith(origin));
        void (refused ? request.abort('blockedbyclient') : request.continue()).catch(() => undefined);
      });
    }
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await page.waitForSelector(readySelector, { timeout: 10_000 });
    return await page.content();
  } finally {
    await page.close();
  }
}
