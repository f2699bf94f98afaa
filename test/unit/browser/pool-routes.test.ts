import type { Browser } from 'puppeteer-core';
import { fakeBrowser, type FakeBrowser } from './fake-browser.ts';
import { describe, expect, it } from 'vitest';
import { createBrowserPool } from '../../../functions/core/browser/pool.ts';

type Fake = FakeBrowser;

function pool() {
  const launched: Fake[] = [];
  const browsers = createBrowserPool(
    async (upstream) => {
      const browser = fakeBrowser(upstream);
      launched.push(browser);
      return browser as unknown as Browser;
    },
    { pagesPerBrowser: 100 },
  );
  return { browsers, launched };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Browser pool routes (one browser per proxy session)', () => {
  it('gives each route its own browser, launched through its upstream, and reuses it', async () => {
    const { browsers, launched } = pool();
    const direct = await browsers.lease();
    const a = await browsers.lease({ key: 'a', upstream: 'http://u:p@proxy:1' });
    const again = await browsers.lease({ key: 'a', upstream: 'http://u:p@proxy:1' });
    expect(launched.map((browser) => browser.upstream)).toEqual([null, 'http://u:p@proxy:1']);
    expect(again.browser).toBe(a.browser);
    expect(direct.browser).not.toBe(a.browser);
    for (const lease of [direct, a, again]) lease.release();
  });

  it('a retired route finishes its page, then closes; its next lease launches anew', async () => {
    const { browsers, launched } = pool();
    const lease = await browsers.lease({ key: 's1', upstream: 'http://x' });
    browsers.retireRoute('s1');
    await settle();
    expect(launched[0]!.closed).toBe(false);
    lease.release();
    await settle();
    expect(launched[0]!.closed).toBe(true);
    const next = await browsers.lease({ key: 's1', upstream: 'http://x' });
    expect(next.browser).not.toBe(lease.browser);
    expect(browsers.launches()).toBe(2);
  });

  it('keeps at most two browsers of other routes: the least recently used one retires', async () => {
    const { browsers, launched } = pool();
    for (const key of ['a', 'b']) (await browsers.lease({ key, upstream: key })).release();
    (await browsers.lease({ key: 'c', upstream: 'c' })).release();
    await settle();
    expect(launched.map((browser) => [browser.upstream, browser.closed])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    await browsers.close();
    expect(launched.every((browser) => browser.closed)).toBe(true);
  });
});
