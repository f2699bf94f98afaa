import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import type { ListingResult } from '../../../functions/core/extract/types.ts';
import { readPage } from '../../../functions/core/page/read-page.ts';
import { sharedGuardedBrowser } from '../../support/browser.ts';
import { useDemoShop, type DemoContext } from '../../support/demo.ts';

const light = useDemoShop();
const weighted = useDemoShop(undefined, { weight: 'real' });
const guarded = sharedGuardedBrowser(() => [light.shop.url, weighted.shop.url]);

async function read(demo: DemoContext, market: string, render: 'chrome' | 'static') {
  const site = { ...demo.site(market), render };
  const outcome = await readPage(
    { site, page: site.pages[0]!, keyword: 'mascara' },
    {
      browser: guarded.browser,
      refusalsSince: (since) => guarded.launcher().refusalsSince(since),
      classify: createClassifier(demo.tracking),
      options: { screenshot: true, settleTimeoutMs: 2_000 },
    },
  );
  const tiles = (outcome.result as ListingResult | null)?.tiles ?? [];
  return {
    status: outcome.status,
    // Each shop has a port of its own: the figures without it.
    tiles: tiles.map((tile) => ({ ...tile, url: tile.url?.replace(/^https?:\/\/[^/]+/, '') ?? null })),
  };
}

describe('The demo pages with real weight', () => {
  it.each([
    ['us', 'chrome'],
    ['us', 'static'],
    ['uk', 'chrome'],
  ] as const)(
    'read the same tiles as the light pages (%s, %s): the weight is all outside them',
    async (market, render) => {
      const plain = await read(light, market, render);
      expect(plain.status).toBe('ok');
      expect(plain.tiles.length).toBeGreaterThan(5);
      expect(await read(weighted, market, render)).toEqual(plain);
    },
    60_000,
  );

  it('ask for every asset they name, third parties included (the scraper blocks the heavy kinds, not scripts)', async () => {
    const before = new Map(weighted.shop.hits);
    await read(weighted, 'us', 'chrome');
    const asked = [...weighted.shop.hits].filter(
      ([path, hits]) => path.startsWith('/weight/') && hits > (before.get(path) ?? 0),
    );
    const kinds = new Set(asked.map(([path]) => path.split('/')[3]));
    // Images, fonts and stylesheets are blocked by the scraper; the pages' scripts run.
    expect(kinds).toEqual(new Set(['js']));
    expect(asked.length).toBe(20);
  }, 60_000);
});
