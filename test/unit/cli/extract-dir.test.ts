import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractMany } from '../../../scripts/maintain/extract-many.ts';
import { parseSavedPageName, selectorFileFor } from '../../../scripts/maintain/saved-page-name.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';

/** `extract --dir` on the project's own layout (`<site>/<market>.yaml`), each saved page naming its page. */
const tile = (sku: string, name: string) =>
  `<li data-test="product-tile" data-sku="${sku}"><a class="tile-link" href="/p/${sku}"><span class="tile-name">${name}</span></a><span class="tile-brand">Lumière</span><span class="price">$20.00</span></li>`;
const LISTING = `<ul>${tile('A', 'Volume Mascara')}${tile('B', 'Curl Mascara')}</ul>`;

let dir: string;
let selectors: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-extract-dir-'));
  selectors = await copyBundledSelectors(path.join(dir, 'selectors'));
  for (const name of ['demo-shop-us_search_brow-gel', 'demo-shop-us_category_mascara', 'demo-shop-uk_search_mascara'])
    await writeFile(path.join(dir, `${name}.html`), LISTING);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('extract --dir with <site>/<market>.yaml', () => {
  it.each([
    ['shop-fr_search_brow-gel.html', { site: 'shop', market: 'fr', page: 'search', keyword: 'brow gel' }],
    ['demo-shop-us_category_mascara.html', { site: 'demo-shop', market: 'us', page: 'mascara', keyword: null }],
    ['rakuten-de_home.html', { site: 'rakuten', market: 'de', page: 'home', keyword: null }],
    ['saved.html', { site: null, market: null, page: null, keyword: null }],
  ])('%s names its site, market, page and keyword', (file, named) => {
    expect(parseSavedPageName(file)).toEqual(named);
  });

  it('finds each page’s file in the layout, and reads the page its name says (not one --page for all)', async () => {
    const pages = ['demo-shop-us_search_brow-gel', 'demo-shop-us_category_mascara', 'demo-shop-uk_search_mascara'].map(
      (name) => path.join(dir, `${name}.html`),
    );
    expect(selectorFileFor(pages[0]!, selectors)).toBe(path.join(selectors, 'demo-shop/us.yaml'));
    const done = await extractMany({
      pages,
      selectorsFor: (html) => selectorFileFor(html, selectors),
      classify: createClassifier(null),
    });
    expect(done.map((entry) => [entry.site, entry.market, entry.page, entry.result?.status, entry.error])).toEqual([
      ['demo-shop', 'us', 'search', 'ok', undefined],
      ['demo-shop', 'us', 'mascara', 'ok', undefined],
      ['demo-shop', 'uk', 'search', 'ok', undefined],
    ]);
    expect(done[1]!.result?.kind).toBe('category');
  });
});
