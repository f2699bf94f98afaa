import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import type { ListingResult } from '../../../functions/core/extract/types.ts';
import { loadSelectorDir, type LoadedSite } from '../../../functions/core/selectors/load.ts';
import type { TrackingFile } from '../../../functions/core/selectors/schema.ts';
import { pageUrl, withOrigin } from '../../../functions/core/selectors/urls.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The example world markets (examples/world-markets: jp and ae of the demo shop) read as their
 * selector files say: Japanese keywords, one with a full-width space, yen prices, Arabic names.
 */
let shop: DemoShop;
let sites: LoadedSite[];
let tracking: TrackingFile | null;

beforeAll(async () => {
  shop = await startDemoShop({ date: '2026-11-23' });
  const set = await loadSelectorDir(path.join(REPO_ROOT, 'examples/world-markets'));
  expect(set.problems).toEqual([]);
  sites = set.sites.map((site) => withOrigin(site, shop.url));
  tracking = set.tracking;
});
afterAll(() => shop?.close());

async function search(market: string, keyword: string): Promise<ListingResult> {
  const site = sites.find((candidate) => candidate.market === market)!;
  const page = site.pages.find((candidate) => candidate.kind === 'search')!;
  const url = pageUrl(site, page, keyword);
  const html = await (await fetch(url)).text();
  return extractPage({ html, pageUrl: url, site, page, classify: createClassifier(tracking) }) as ListingResult;
}

describe('World markets of the demo shop', () => {
  it('loads jp and ae', () => expect(sites.map((site) => site.market).sort()).toEqual(['ae', 'jp']));

  it.each(['マスカラ', 'アイブロウ\u3000ジェル', '口紅'])(
    'jp "%s": ok, Japanese names, yen prices read',
    async (keyword) => {
      const result = await search('jp', keyword);
      expect(result.status).toBe('ok');
      expect(result.tiles.length).toBeGreaterThan(3);
      expect(result.tiles[0]!.name).toMatch(/[\p{Script=Katakana}\p{Script=Han}]/u);
      for (const tile of result.tiles) {
        expect(tile.priceText).toMatch(/^￥/);
        expect(tile.price! % 100).toBe(80);
      }
      expect(result.summary.doublePriceTiles).toBe(0);
    },
  );

  it('ae: ok, Arabic names, dirham prices read', async () => {
    const result = await search('ae', 'ماسكارا');
    expect(result.status).toBe('ok');
    expect(result.tiles[0]!.name).toMatch(/\p{Script=Arabic}/u);
    for (const tile of result.tiles) expect(tile.price).toBeGreaterThan(0);
    expect(result.summary.ourBestRank).not.toBeNull();
  });
});
