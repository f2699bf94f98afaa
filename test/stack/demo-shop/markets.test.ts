import { afterEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import type { ListingResult, PlacementResult } from '../../../functions/core/extract/types.ts';
import { readPage, type ReadPageOptions } from '../../../functions/core/page/read-page.ts';
import type { PageSpec } from '../../../functions/core/selectors/schema.ts';
import {
  categoryPage,
  homePlacements,
  productName,
  productPrice,
  searchResults,
} from '../../../scripts/demo-shop/catalog.ts';
import { BUNDLED_MARKETS, DEMO_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { sharedBrowser } from '../../support/browser.ts';
import { DEMO_DATE, useDemoShop } from '../../support/demo.ts';

const demo = useDemoShop();
const browser = sharedBrowser();

function read(
  market: string,
  kind: PageSpec['kind'],
  overrides: { options?: Partial<ReadPageOptions>; page?: Partial<PageSpec>; render?: 'static' | 'chrome' } = {},
) {
  const site = demo.site(market);
  const base = site.pages.find((page) => page.kind === kind)!;
  const page = { ...base, ...overrides.page } as PageSpec;
  const keyword = page.kind === 'search' ? page.keywords[0] : undefined;
  const target = { site: overrides.render ? { ...site, render: overrides.render } : site, page, keyword };
  return readPage(target, {
    browser,
    classify: createClassifier(demo.tracking),
    options: { screenshot: false, settleTimeoutMs: 3_000, ...overrides.options },
  });
}

describe.each(BUNDLED_MARKETS)('Demo shop market %s, read as the selector file says', (market) => {
  const shopMarket = DEMO_MARKETS[market]!;

  it('search: every tile in order, sponsored apart, prices in the market’s format', async () => {
    const outcome = await read(market, 'search');
    expect(outcome.status).toBe('ok');
    const result = outcome.result as ListingResult;
    const keyword = (demo.site(market).pages.find((page) => page.kind === 'search') as { keywords: string[] })
      .keywords[0]!;
    const expected = searchResults(market, keyword, DEMO_DATE);
    expect(result.tiles.map((tile) => [tile.name, tile.brand, tile.sponsored, tile.price])).toEqual(
      expected.map(({ product, sponsored }) => [
        productName(product, shopMarket),
        product.brand,
        sponsored,
        productPrice(product, shopMarket),
      ]),
    );
    const ours = expected
      .filter((tile) => !tile.sponsored)
      .findIndex((tile) => ['Lumière', 'Pure Botanica'].includes(tile.product.brand));
    expect(result.summary.ourBestOrganicRank).toBe(ours + 1);
  });

  it('category: both listing pages read as one ranking', async () => {
    const outcome = await read(market, 'category');
    expect(outcome.status).toBe('ok');
    expect(outcome.captures).toHaveLength(2);
    const expected = [1, 2].flatMap((page) => categoryPage(market, 'mascara', DEMO_DATE, page)!.tiles);
    expect((outcome.result as ListingResult).tiles.map((tile) => tile.extra.sku)).toEqual(
      expected.map((tile) => tile.product.sku),
    );
  });

  it('home: the hero slides and the lazily loaded carousel', async () => {
    const outcome = await read(market, 'placement');
    expect(outcome.status).toBe('ok');
    const { hero, carousel } = homePlacements(market, DEMO_DATE);
    const slots = (outcome.result as PlacementResult).slots;
    expect(slots.find((slot) => slot.slot === 'hero')!.items.map((item) => item.name)).toEqual(
      hero.map((product) => productName(product, shopMarket)),
    );
    expect(slots.find((slot) => slot.slot === 'carousel')!.items.map((item) => item.brand)).toEqual(
      carousel.map((product) => product.brand),
    );
  });
});

describe('Demo shop: what only a browser gets past', () => {
  it('a client-rendered market read without a browser shows no tiles (selector miss)', async () => {
    const outcome = await read('uk', 'search', { render: 'static' });
    expect(outcome.status).toBe('selector_miss');
  });

  it('a consent wall left unclicked hides the results (selector miss)', async () => {
    // A browser of its own: the shared one has accepted cookies already, as a returning shopper would.
    const fresh = launchBrowser();
    try {
      const site = demo.site('fr');
      const outcome = await readPage(
        { site: { ...site, before: [] }, page: site.pages[0]!, keyword: 'mascara' },
        {
          browser: () => fresh,
          classify: createClassifier(demo.tracking),
          options: { screenshot: false, settleTimeoutMs: 1_500 },
        },
      );
      expect(outcome.status).toBe('selector_miss');
      expect(outcome.captures[0]!.html).toContain('accept-cookies');
    } finally {
      await (await fresh).close();
    }
  });

  it('screenshots are taken as evidence when asked for', async () => {
    const outcome = await read('de', 'search', { options: { screenshot: true } });
    const jpeg = outcome.captures[0]!.screenshot!;
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  });
});

describe('Demo shop fault switches end as statuses', () => {
  afterEach(() => demo.shop.faults.clear());

  it('captcha → blocked', async () => {
    demo.shop.faults.add({ type: 'captcha', market: 'fr' });
    expect((await read('fr', 'search')).status).toBe('blocked');
  });

  it('a captcha behind HTTP 403 → blocked, not an HTTP error (static and browser)', async () => {
    demo.shop.faults.add({ type: 'captcha', status: 403 });
    for (const market of ['us', 'uk']) {
      const outcome = await read(market, 'search');
      expect(outcome.status).toBe('blocked');
      expect(outcome.message).toMatch(/^Bot wall \(HTTP 403\) at http:\/\/127\.0\.0\.1:\d+\//);
    }
  });

  it('HTTP 500 → http_error, with the URL in the message', async () => {
    demo.shop.faults.add({ type: 'http500', market: 'us', path: '/search' });
    const outcome = await read('us', 'search');
    expect(outcome.status).toBe('http_error');
    expect(outcome.message).toMatch(/^HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/us\/search\?q=mascara$/);
  });

  it('changed layout → selector_miss, in a static and a browser market', async () => {
    demo.shop.faults.add({ type: 'layout' });
    const quick = { options: { settleTimeoutMs: 1_000 } };
    expect((await read('us', 'search', quick)).status).toBe('selector_miss');
    expect((await read('de', 'search', quick)).status).toBe('selector_miss');
    const home = await read('uk', 'placement', quick);
    expect(home.status).toBe('selector_miss');
    expect((home.result as PlacementResult).missingSlots).toEqual(['hero', 'carousel']);
  });

  it('slow response → timeout', async () => {
    demo.shop.faults.add({ type: 'slow', market: 'uk', delayMs: 3_000 });
    const outcome = await read('uk', 'search', { options: { navigationTimeoutMs: 500 } });
    expect(outcome.status).toBe('timeout');
    expect(outcome.message).toMatch(/timed out after 500 ms/);
  });

  it('a fault limited to one request passes after it', async () => {
    demo.shop.faults.add({ type: 'http500', market: 'us', times: 1 });
    expect((await read('us', 'search')).status).toBe('http_error');
    expect((await read('us', 'search')).status).toBe('ok');
  });
});
