import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage, extractPages } from '../../../functions/core/extract/extract.ts';
import type { ListingResult, PlacementResult } from '../../../functions/core/extract/types.ts';
import { shopSite, SHOP_SEARCH } from '../../support/site-fixtures.ts';

const site = shopSite({
  blockedIf: '.captcha',
  topN: 4,
  fields: { name: '.n', brand: '.b', url: 'a@href', price: '.p', sku: '@data-sku' },
  pages: [
    SHOP_SEARCH,
    { kind: 'category', name: 'mascara', url: '/c/mascara', item: '.tile', next: 'a.next@href', maxPages: 3 },
    {
      kind: 'placement',
      name: 'home',
      url: '/',
      slots: {
        hero: { item: '.hero a', fields: { name: '@title', url: '@href' } },
        promo: { item: '.promo .tile', optional: true },
      },
    },
  ],
});
const classify = createClassifier({
  ours: { label: 'us', brands: { Lumière: ['Lumiere'] }, products: [{ urlPattern: '/p/LUM-', brand: 'Lumière' }] },
  competitors: { Glowco: [] },
});

const tile = (sku: string, brand: string, name: string, options: { ad?: boolean; price?: string } = {}) =>
  `<li class="tile" data-sku="${sku}">${options.ad ? '<span class="ad">Sponsorisé</span>' : ''}<a href="/p/${sku}"><span class="n">${name}</span></a><span class="b">${brand}</span><span class="p">${options.price ?? '9,95 €'}</span></li>`;

const [searchPage, categoryPage, placementPage] = site.pages;
const searchHtml = `<ul>${[
  tile('GLO-1', 'Glowco', 'Mega Lash', { ad: true }),
  tile('KOS-1', 'Kosmo', 'Orbit'),
  tile('LUM-1', 'LUMIERE', 'Volume Max', { price: '1.299,00 €' }),
  tile('GLO-1', 'Glowco', 'Mega Lash'),
  tile('NOR-1', '', 'Nordlys Aurora'),
  tile('LUM-2', 'Lumière', 'Curl', { ad: true }),
  tile('LUM-3', 'Lumière', 'Sculpt'),
  tile('XXX-1', 'Kosmo', 'Zero G'),
].join('')}</ul>`;

describe('extractPage: search', () => {
  const result = extractPage({
    html: searchHtml,
    pageUrl: 'https://shop.example/fr/s?q=mascara',
    site,
    page: searchPage!,
    classify,
  }) as ListingResult;

  it('ranks every tile and only organic tiles organically', () => {
    expect(result.status).toBe('ok');
    expect(result.tiles.map((t) => [t.position, t.organicRank, t.sponsored])).toEqual([
      [1, null, true],
      [2, 1, false],
      [3, 2, false],
      [4, 3, false],
      [5, 4, false],
      [6, null, true],
      [7, 5, false],
      [8, 6, false],
    ]);
  });

  it('reads fields: absolute URLs, locale prices, extra fields, canonical brands', () => {
    expect(result.tiles[2]).toMatchObject({
      name: 'Volume Max',
      brand: 'Lumière',
      owner: 'ours',
      url: 'https://shop.example/p/LUM-1',
      price: 1299,
      extra: { sku: 'LUM-1' },
    });
    expect(result.tiles[4]).toMatchObject({ brand: null, owner: 'other' });
  });

  it('computes our figures and share of search over the organic top N', () => {
    expect(result.summary).toEqual({
      topN: 4,
      tiles: 8,
      organicTiles: 6,
      sponsoredTiles: 2,
      ourBestRank: 3,
      ourBestOrganicRank: 2,
      ourTilesInTopN: 1,
      ourSponsoredTiles: 1,
      ourShare: 0.25,
      shareOfSearch: [
        { brand: '(unknown)', owner: 'other', tiles: 1, share: 0.25 },
        { brand: 'Glowco', owner: 'competitor', tiles: 1, share: 0.25 },
        { brand: 'Kosmo', owner: 'other', tiles: 1, share: 0.25 },
        { brand: 'Lumière', owner: 'ours', tiles: 1, share: 0.25 },
      ],
      sponsoredByBrand: [
        { brand: 'Glowco', owner: 'competitor', tiles: 1 },
        { brand: 'Lumière', owner: 'ours', tiles: 1 },
      ],
      // The (unknown) one above: no brand element and no known brand in its name.
      unknownBrandTiles: 1,
      doublePriceTiles: 0,
      figureWarnings: [],
      // The sponsored Glowco tile comes first on the page but does not hold the top organic slot.
      topOrganic: { name: 'Orbit', brand: 'Kosmo', owner: 'other' },
    });
  });

  it('a page where the item selector matches nothing is a selector miss', () => {
    const miss = extractPage({
      html: '<div class="card">redesigned</div>',
      pageUrl: 'https://shop.example/fr/s',
      site,
      page: searchPage!,
      classify,
    });
    expect(miss.status).toBe('selector_miss');
  });

  it('a genuine "no results" page is ok with zero tiles, not a miss', () => {
    const empty = extractPage({
      html: '<p class="empty">Aucun résultat</p>',
      pageUrl: 'https://shop.example/fr/s',
      site,
      page: searchPage!,
      classify,
    }) as ListingResult;
    expect(empty.status).toBe('ok');
    expect(empty.summary).toMatchObject({ tiles: 0, ourBestRank: null, ourShare: 0, shareOfSearch: [] });
  });

  it('a bot wall is blocked, never "not ranked"', () => {
    const blocked = extractPage({
      html: `<div class="captcha">robot?</div>${searchHtml}`,
      pageUrl: 'https://shop.example/fr/s',
      site,
      page: searchPage!,
      classify,
    });
    expect(blocked.status).toBe('blocked');
  });
});

describe('extractPage: category over several pages', () => {
  it('ranks the pages as one list and finds the next page', () => {
    const page1 = {
      html: `<ul>${tile('KOS-1', 'Kosmo', 'Orbit')}${tile('GLO-1', 'Glowco', 'Mega')}</ul><a class="next" href="?page=2">Suivant</a>`,
      url: 'https://shop.example/fr/c/mascara',
    };
    const page2 = {
      html: `<ul>${tile('LUM-1', 'Lumière', 'Volume')}</ul>`,
      url: 'https://shop.example/fr/c/mascara?page=2',
    };
    const target = { site, page: categoryPage!, classify };
    expect(extractPages(target, [page1]).nextUrl).toBe('https://shop.example/fr/c/mascara?page=2');
    const { result: combined, nextUrl } = extractPages(target, [page1, page2]);
    expect(nextUrl).toBeNull();
    const result = combined as ListingResult;
    expect(result.kind).toBe('category');
    expect(result.tiles.map((t) => [t.position, t.name])).toEqual([
      [1, 'Orbit'],
      [2, 'Mega'],
      [3, 'Volume'],
    ]);
    expect(result.summary.ourBestOrganicRank).toBe(3);
  });

  it.each([
    ['the next link leaves the site', '<a class="next" href="https://elsewhere.example/c?page=2">Suivant</a>', 1],
    ['maxPages (3) is reached', '<a class="next" href="?page=4">Suivant</a>', 3],
    ['the page is a bot wall', '<div class="captcha"></div><a class="next" href="?page=2">Suivant</a>', 1],
  ])('stops following when %s', (_title, tail, pagesRead) => {
    const target = { site, page: categoryPage!, classify };
    const pages = Array.from({ length: pagesRead }, (_u, index) => ({
      html: `<ul>${tile(`KOS-${index}`, 'Kosmo', 'Orbit')}</ul>${tail}`,
      url: `https://shop.example/fr/c/mascara?page=${index + 1}`,
    }));
    expect(extractPages(target, pages).nextUrl).toBeNull();
  });

  it('stops following a page with no tiles', () => {
    const target = { site, page: categoryPage!, classify };
    expect(
      extractPages(target, [
        { html: '<a class="next" href="?page=2">Suivant</a>', url: 'https://shop.example/fr/c/mascara' },
      ]).nextUrl,
    ).toBeNull();
  });
});

describe('extractPage: placement', () => {
  const html =
    '<div class="hero"><a href="/p/GLO-9" title="Glowco Night Out">x</a><a href="/p/LUM-1" title="Lumière Volume Max">y</a></div>';

  it('lists each slot in order with our items marked', () => {
    const result = extractPage({
      html,
      pageUrl: 'https://shop.example/fr/',
      site,
      page: placementPage!,
      classify,
    }) as PlacementResult;
    expect(result.status).toBe('ok');
    expect(result.slots).toEqual([
      {
        slot: 'hero',
        items: [
          {
            index: 1,
            name: 'Glowco Night Out',
            brand: 'Glowco',
            url: 'https://shop.example/p/GLO-9',
            owner: 'competitor',
            price: null,
            priceText: null,
            sponsored: false,
            extra: {},
          },
          {
            index: 2,
            name: 'Lumière Volume Max',
            brand: 'Lumière',
            url: 'https://shop.example/p/LUM-1',
            owner: 'ours',
            price: null,
            priceText: null,
            sponsored: false,
            extra: {},
          },
        ],
      },
      { slot: 'promo', items: [] },
    ]);
    expect(result.summary.slotsHeld).toEqual([
      { slot: 'hero', index: 2, name: 'Lumière Volume Max', brand: 'Lumière' },
    ]);
  });

  it('a required slot that matches nothing makes it a selector miss, naming the slot', () => {
    const result = extractPage({
      html: '<div class="banner"></div>',
      pageUrl: 'https://shop.example/fr/',
      site,
      page: placementPage!,
      classify,
    }) as PlacementResult;
    expect(result.status).toBe('selector_miss');
    expect(result.missingSlots).toEqual(['hero']);
  });
});

describe('createClassifier', () => {
  it('matches brands regardless of case, accents and punctuation', () => {
    expect(classify({ name: 'x', brand: 'LUMIÈRE', url: null })).toEqual({ brand: 'Lumière', owner: 'ours' });
    expect(classify({ name: 'x', brand: 'lumiere', url: null })).toEqual({ brand: 'Lumière', owner: 'ours' });
  });

  it('infers the brand from the start of the name only when no brand is given', () => {
    expect(classify({ name: 'Glowco - Mega Lash', brand: null, url: null })).toEqual({
      brand: 'Glowco',
      owner: 'competitor',
    });
    expect(classify({ name: 'Brush for Glowco mascara', brand: null, url: null })).toEqual({
      brand: null,
      owner: 'other',
    });
    expect(classify({ name: 'Glowco Mega Lash', brand: 'Kosmo', url: null })).toEqual({
      brand: 'Kosmo',
      owner: 'other',
    });
  });

  it('product patterns claim unbranded or relabelled listings, never a competitor’s', () => {
    expect(classify({ name: 'Volume', brand: 'Shop Own', url: 'https://s/p/LUM-7' })).toEqual({
      brand: 'Shop Own',
      owner: 'ours',
    });
    expect(classify({ name: 'Volume', brand: null, url: 'https://s/p/LUM-7' })).toEqual({
      brand: 'Lumière',
      owner: 'ours',
    });
    expect(classify({ name: 'Volume', brand: 'Glowco', url: 'https://s/p/LUM-7' })).toEqual({
      brand: 'Glowco',
      owner: 'competitor',
    });
  });

  it('without a tracking file everything is "other"', () => {
    expect(createClassifier(null)({ name: 'Lumière Volume', brand: 'Lumière', url: null })).toEqual({
      brand: 'Lumière',
      owner: 'other',
    });
  });
});
