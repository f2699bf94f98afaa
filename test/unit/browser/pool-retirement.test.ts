import type { Browser } from 'puppeteer-core';
import { fakeBrowser, type FakeBrowser } from './fake-browser.ts';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_PAGES,
  DEFAULT_MEMORY_GROWTH,
  createBrowserPool,
  type PoolOptions,
} from '../../../functions/core/browser/pool.ts';

type Fake = FakeBrowser;

function pool(options: PoolOptions) {
  const launched: Fake[] = [];
  const browsers = createBrowserPool(
    async () => {
      const browser = fakeBrowser();
      launched.push(browser);
      return browser as unknown as Browser;
    },
    { measure: (browser) => (browser as unknown as Fake).mb, ...options },
  );
  const page = async () => (await browsers.lease()).release();
  return { browsers, launched, page };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Browser retirement on measured memory', () => {
  it('keeps a browser whose memory stays near its baseline, for hundreds of pages', async () => {
    const { browsers, launched, page } = pool({ pagesPerBrowser: 10_000 });
    for (let n = 0; n < 300; n++) {
      if (launched[0]) launched[0].mb = 200 + (n % 7) * 5; // wobbles within 1.2 of its baseline
      await page();
    }
    expect(browsers.launches()).toBe(1);
  });

  it('retires it once it has grown past its baseline × growth, and its successor is launched beside its last pages', async () => {
    const { browsers, launched } = pool({ pagesPerBrowser: 10_000, memoryGrowth: 1.25 });
    for (let n = 0; n < BASELINE_PAGES; n++) (await browsers.lease()).release(); // baseline: 200 MB
    const first = launched[0]!;
    const inFlight = await browsers.lease();
    first.mb = 240; // ×1.2: kept
    (await browsers.lease()).release();
    expect(browsers.launches()).toBe(1);
    first.mb = 260; // ×1.3: retired after this page, the successor launched at once
    (await browsers.lease()).release();
    await settle();
    expect(browsers.launches()).toBe(2);
    // The old one finishes the page it still has, then closes.
    expect(first.closed).toBe(false);
    inFlight.release();
    await settle();
    expect(first.closed).toBe(true);
    const next = await browsers.lease();
    expect(next.browser).toBe(launched[1]);
    next.release();
  });

  it('by default holds a browser to the benchmark’s memory target: kept at 1.15 × its baseline, retired past 1.2 ×', async () => {
    expect(DEFAULT_MEMORY_GROWTH).toBe(1.2);
    const { browsers, launched, page } = pool({ pagesPerBrowser: 10_000 });
    for (let n = 0; n < BASELINE_PAGES; n++) await page(); // baseline: 200 MB
    launched[0]!.mb = 230;
    for (let n = 0; n < 50; n++) await page();
    expect(browsers.launches()).toBe(1);
    launched[0]!.mb = 242;
    await page();
    await settle();
    expect(browsers.launches()).toBe(2);
  });

  it('without a measure (no /proc), retires after pagesPerBrowser, the successor launched with the last page', async () => {
    const { browsers, launched, page } = pool({ pagesPerBrowser: 5, measure: () => null });
    for (let n = 0; n < 4; n++) await page();
    expect(browsers.launches()).toBe(1);
    const last = await browsers.lease();
    // Launched while the fifth page is still open.
    expect(browsers.launches()).toBe(2);
    last.release();
    await settle();
    expect(launched[0]!.closed).toBe(true);
    await page();
    expect(browsers.launches()).toBe(2);
  });
});
