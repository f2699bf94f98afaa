import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import type { ListingResult } from '../../../functions/core/extract/types.ts';
import { isGeneratedClass, isStableClass } from '../../../functions/core/heal/stable-names.ts';
import { suggestFix, type SuggestInput } from '../../../functions/core/heal/suggest-fix.ts';
import { parseSiteFile } from '../../../functions/core/selectors/load.ts';
import type { SearchPageSpec } from '../../../functions/core/selectors/schema.ts';

const FILE = `site: shop
market: us
baseUrl: https://shop.example
locale: en-US
currency: USD
fields: { name: .tile-name, url: "a@href", price: .price }
pages:
  - kind: search
    url: "/s?q={keyword}"
    keywords: [mascara]
    item: li.tile
`;
const { site } = parseSiteFile('shop/us.yaml', FILE);
const page = site!.pages[0] as SearchPageSpec;
const classify = createClassifier(null);
const PRODUCTS = ['Volume Max', 'Lash Lift', 'Night Out', 'Zero G', 'Curl Up'].map((name, i) => ({
  name: `${name} Mascara`,
  sku: `S-${i}`,
  price: 10 + i,
}));

const v1 = `<ul class="results">${PRODUCTS.map((p) => `<li class="tile"><a href="/p/${p.sku}"><span class="tile-name">${p.name}</span></a><span class="price">$${p.price}.00</span></li>`).join('')}</ul>`;
const v2 = `<div class="grid">${PRODUCTS.map((p) => `<article class="product-card" data-sku="${p.sku}"><span class="cost">$${p.price}.00</span><h3 class="product-card__title"><a class="product-card__link" href="/p/${p.sku}">${p.name}</a></h3></article>`).join('')}</div>`;

function input(broken: string): SuggestInput {
  const good = { html: v1, url: 'https://shop.example/s?q=mascara' };
  const result = extractPage({ site: site!, page, classify, html: v1, pageUrl: good.url }) as ListingResult;
  return {
    site: site!,
    page,
    classify,
    known: result.tiles.map((t) => ({ name: t.name!, url: t.url, price: t.price })),
    knownCount: result.tiles.length,
    broken: { html: broken, url: good.url },
    good,
    goodFigures: result.tiles,
  };
}

describe('suggestFix', () => {
  it('proposes item and field selectors for a redesign, proven on both days', () => {
    const suggestion = suggestFix(input(v2));
    expect(suggestion.kind).toBe('fix');
    if (suggestion.kind !== 'fix') return;
    expect(suggestion.best.recovered).toBe(5);
    expect(suggestion.best.changed).toEqual(['name', 'price']);
    const fixed = { ...page, item: suggestion.best.item, fields: suggestion.best.fields };
    const read = (html: string) =>
      extractPage({ site: site!, page: fixed, classify, html, pageUrl: 'https://shop.example/s' }) as ListingResult;
    expect(read(v2).tiles.map((t) => [t.name, t.price])).toEqual(PRODUCTS.map((p) => [p.name, p.price]));
    // The last good day reads as it did: the old layout is still matched (the old selectors kept).
    expect(read(v1).tiles.map((t) => [t.name, t.price])).toEqual(PRODUCTS.map((p) => [p.name, p.price]));
  });

  it('listings churn: products the good day showed on its second page count as known on the broken first page', () => {
    // Today's first page: three of yesterday's first page, two of yesterday's second page.
    const secondPage = ['Sky High', 'Big Shot'].map((name, i) => ({
      name: `${name} Mascara`,
      sku: `T-${i}`,
      price: 20 + i,
    }));
    const today = [...PRODUCTS.slice(0, 3), ...secondPage];
    const html = `<div class="grid">${today.map((p) => `<article class="product-card" data-sku="${p.sku}"><h3 class="product-card__title"><a href="/p/${p.sku}">${p.name}</a></h3><span class="price">$${p.price}.00</span></article>`).join('')}</div>`;
    const firstPageOnly = suggestFix(input(html));
    expect(firstPageOnly).toMatchObject({ kind: 'none', found: 3, known: 5 });
    const wholeListing = input(html);
    wholeListing.known.push(...secondPage.map((p) => ({ name: p.name, url: `/p/${p.sku}`, price: p.price })));
    const suggestion = suggestFix(wholeListing);
    // Still measured against a page's worth (the first page's five tiles), not the ten recorded.
    expect(suggestion).toMatchObject({ kind: 'fix', known: 5, best: { recovered: 5, tiles: 5 } });
  });

  it('says plainly when the products are not on the page, and shows what it found', () => {
    const other = v2.replace(/Mascara/g, 'Lipstick');
    const suggestion = suggestFix(input(other));
    expect(suggestion).toMatchObject({ kind: 'none', found: 0, known: 5 });
    if (suggestion.kind === 'none') expect(suggestion.reason).toMatch(/only 0 of the 5 products .*\(a fix needs 4\)/);
  });

  it('offers nothing when the tiles share no name a selector could rest on, and says what it found', () => {
    // Each tile its own tag and a generated class: no selector matches exactly the tiles.
    const tags = ['div', 'section', 'article', 'aside', 'figure'];
    const scattered = `<main>${PRODUCTS.map((p, i) => `<${tags[i]} class="css-${i}x9a${i}"><span>$${p.price}.00</span><b>${p.name}</b></${tags[i]}>`).join('')}</main>`;
    const suggestion = suggestFix(input(scattered));
    expect(suggestion).toMatchObject({ kind: 'none', found: 5, known: 5 });
    if (suggestion.kind !== 'none') return;
    expect(suggestion.reason).toMatch(/share no class or attribute a selector could rest on/);
    expect(suggestion.findings).toContain('<section class="css-1x9a1">');
  });

  it('a page whose every class is generated is still mended by its structure when that is exact', () => {
    const generated = `<div>${PRODUCTS.map((p, i) => `<div class="css-${i}x9a${i}"><span>$${p.price}.00</span><a href="/p/${p.sku}"><b>${p.name}</b></a></div>`).join('')}</div>`;
    const suggestion = suggestFix(input(generated));
    expect(suggestion.kind).toBe('fix');
    if (suggestion.kind === 'fix') expect(suggestion.best.recovered).toBe(5);
  });

  it('is no fix when a declared field can no longer read what it read (the links are gone): said, field by field', () => {
    const linkless = `<div>${PRODUCTS.map((p, i) => `<div class="css-${i}x9a${i}"><span>$${p.price}.00</span><b>${p.name}</b></div>`).join('')}</div>`;
    const suggestion = suggestFix(input(linkless));
    expect(suggestion.kind).toBe('none');
    if (suggestion.kind === 'none')
      expect(suggestion.findings.join('\n')).toMatch(/url reads the good day's value on 0 of 5 products found again/);
  });
});

describe('suggestFix: the sponsored selector is a figure too', () => {
  const FILE_WITH_ADS = FILE.replace('    item: li.tile', '    item: li.tile\n    sponsored: .badge-sponsored');
  const withAds = parseSiteFile('shop/us.yaml', FILE_WITH_ADS).site!;
  const adPage = withAds.pages[0] as SearchPageSpec;
  const AD = { name: 'Sponsored Brow Gel', sku: 'AD-1', price: 30 };
  // The good day: one paid tile first (the ad of that day), then the five products.
  const goodHtml = `<ul>${[AD, ...PRODUCTS].map((p, i) => `<li class="tile"><a href="/p/${p.sku}"><span class="tile-name">${p.name}</span></a><span class="price">$${p.price}.00</span>${i === 0 ? '<span class="badge-sponsored">Sponsored</span>' : ''}</li>`).join('')}</ul>`;
  // The redesign: another product is advertised today, labelled by a new class.
  const TODAYS_AD = { name: 'Glossy Lip Oil', sku: 'AD-2', price: 18 };
  const label = (word: string) => `<em class="promo-label">${word}</em>`;
  const redesign = (word: string) =>
    `<div class="grid">${[TODAYS_AD, ...PRODUCTS].map((p, i) => `<article class="product-card" data-sku="${p.sku}">${i === 0 ? label(word) : ''}<span class="cost">$${p.price}.00</span><h3 class="product-card__title"><a href="/p/${p.sku}">${p.name}</a></h3></article>`).join('')}</div>`;
  const adInput = (broken: string): SuggestInput => {
    const good = { html: goodHtml, url: 'https://shop.example/s?q=mascara' };
    const result = extractPage({
      site: withAds,
      page: adPage,
      classify,
      html: goodHtml,
      pageUrl: good.url,
    }) as ListingResult;
    return {
      site: withAds,
      page: adPage,
      classify,
      known: result.tiles.map((t) => ({ name: t.name!, url: t.url, price: t.price, sponsored: t.sponsored })),
      knownCount: result.tiles.length,
      broken: { html: broken, url: good.url },
      good,
      goodFigures: result.tiles,
    };
  };
  const organicRanks = (input: SuggestInput, suggestion: ReturnType<typeof suggestFix>) => {
    if (suggestion.kind !== 'fix') return null;
    const fixed = {
      ...adPage,
      item: suggestion.best.item,
      fields: suggestion.best.fields,
      sponsored: suggestion.best.sponsored ?? adPage.sponsored,
    };
    const read = extractPage({
      site: withAds,
      page: fixed,
      classify,
      html: input.broken.html,
      pageUrl: input.broken.url,
    }) as ListingResult;
    return read.tiles.map((t) => [t.name, t.organicRank]);
  };

  it.each(['Sponsored', 'Sponsorisé', 'Gesponsert', 'スポンサー', 'Ad'])(
    'a stale sponsored selector is mended from the page’s own “%s” labels: the ad is not organic #1',
    (word) => {
      const input = adInput(redesign(word));
      const suggestion = suggestFix(input);
      expect(suggestion.kind).toBe('fix');
      if (suggestion.kind !== 'fix') return;
      // The old selector is kept beside the new one: the good day's archive reads as it did.
      expect(suggestion.best.sponsored).toBe('.promo-label, .badge-sponsored');
      expect(organicRanks(input, suggestion)).toEqual([
        [TODAYS_AD.name, null],
        ...PRODUCTS.map((p, i) => [p.name, i + 1]),
      ]);
    },
  );

  it('no fix while the sponsored selector marks nothing and nothing on the page says which tiles are paid: said why', () => {
    const unlabeled = redesign('').replace('<em class="promo-label"></em>', '');
    const suggestion = suggestFix(adInput(unlabeled));
    expect(suggestion.kind).toBe('none');
    if (suggestion.kind === 'none')
      expect(suggestion.findings.join('\n')).toContain(
        'the sponsored selector .badge-sponsored matches nothing on the page now, where the last good day had 1 sponsored tile(s)',
      );
  });
});

describe('stable names', () => {
  it.each(['css-1a2b3c', 'sc-bdVaJa', 'Product_title__3xYz9', 'card_3f9a2'])('%s is generated', (name) =>
    expect(isGeneratedClass(name)).toBe(true),
  );
  it.each(['product-card', 'tile-name', 's-result-item', 'price'])('%s is stable', (name) =>
    expect(isStableClass(name)).toBe(true),
  );
  it.each(['flex', 'mt-2', 'grid-cell', 'p-4'])('%s is a utility class, not stable', (name) =>
    expect(isStableClass(name)).toBe(false),
  );
});
