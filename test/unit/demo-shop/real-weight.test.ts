import * as cheerio from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { searchResults } from '../../../scripts/demo-shop/catalog.ts';
import { DEMO_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { resultsList, searchPage, tileView } from '../../../scripts/demo-shop/pages.ts';
import { WEIGHT, weightAsset, withRealWeight } from '../../../scripts/demo-shop/real-weight.ts';

const market = DEMO_MARKETS.us!;
const light = searchPage(
  market,
  'mascara',
  resultsList(
    searchResults('us', 'mascara', '2026-11-23').map((tile) => tileView(tile, market, 'v1')),
    market,
  ),
);

describe('demo pages with real weight', () => {
  it('carry a real page’s stylesheets, fonts, images and scripts, blocking ones in the head', () => {
    const $ = cheerio.load(withRealWeight(light));
    expect($('head link[rel=stylesheet][href^="/weight/"]')).toHaveLength(WEIGHT.stylesheets);
    expect($('head link[rel=preload][as=font]')).toHaveLength(WEIGHT.fonts);
    expect($('head script[src^="/weight/"]:not([async]):not([defer])')).toHaveLength(WEIGHT.headScripts);
    expect($('body script[src^="/weight/"]')).toHaveLength(WEIGHT.asyncScripts);
    expect(
      $('body script[src^="/weight/"]').filter((_i, node) => !('async' in node.attribs || 'defer' in node.attribs)),
    ).toHaveLength(0);
    expect($('img[src^="/weight/"]')).toHaveLength(WEIGHT.images);
    // Beside the tiles' own images, which stay.
    expect($('[data-test=product-tile] img')).toHaveLength($('[data-test=product-tile]').length);
    expect(withRealWeight(light).length).toBeGreaterThan(100_000);
  });

  it('read the same figures as the light page, with the market’s own selector file', async () => {
    const set = await loadSelectorDir('selectors');
    const site = set.sites.find((candidate) => candidate.market === 'us')!;
    const page = site.pages.find((candidate) => candidate.kind === 'search')!;
    const classify = createClassifier(set.tracking);
    const read = (html: string) =>
      extractPage({ site, page, classify, html, pageUrl: 'http://127.0.0.1/us/search?q=mascara' });
    const plain = read(light);
    expect(plain.status).toBe('ok');
    expect(read(withRealWeight(light))).toEqual(plain);
  });

  it('answer each asset with bytes of its kind; third parties 1 to 3 × the latency, the shop’s own at once', async () => {
    const latency = 40;
    const timed = async (path: string) => {
      const started = performance.now();
      const asset = await weightAsset(path, latency);
      return { asset, ms: performance.now() - started };
    };
    const own = await timed('/weight/shop/css/2.css');
    expect(own.asset?.type).toMatch(/text\/css/);
    expect(String(own.asset?.body)).toMatch(/@font-face\{font-family:w2;src:url\(\/weight\/shop\/font\/2\.woff2\)/);
    expect(own.ms).toBeLessThan(latency);
    const slow = await timed('/weight/tags/js/5.js');
    expect(slow.asset?.type).toMatch(/javascript/);
    expect(slow.ms).toBeGreaterThanOrEqual(2 * latency - 2);
    expect((await weightAsset('/weight/ads/img/7.jpg', 0))?.type).toBe('image/jpeg');
    expect((await weightAsset('/weight/shop/font/0.woff2', 0))?.type).toBe('font/woff2');
    expect(await weightAsset('/weight/tags/exe/1.exe', 0)).toBeUndefined();
    expect(await weightAsset('/static/shop.css', 0)).toBeUndefined();
  });
});
