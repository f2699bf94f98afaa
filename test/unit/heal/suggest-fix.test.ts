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
    const generated = `<div>${PRODUCTS.map((p, i) => `<div class="css-${i}x9a${i}"><span>$${p.price}.00</span><b>${p.name}</b></div>`).join('')}</div>`;
    const suggestion = suggestFix(input(generated));
    expect(suggestion.kind).toBe('fix');
    if (suggestion.kind === 'fix') expect(suggestion.best.recovered).toBe(5);
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
