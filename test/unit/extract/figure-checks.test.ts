import * as cheerio from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import { figureWarnings, shownPrice, type TileFigures } from '../../../functions/core/extract/figure-checks.ts';
import type { ListingResult } from '../../../functions/core/extract/types.ts';
import { shopSite } from '../../support/site-fixtures.ts';

const tile = (values: Record<string, string | null>, price: number | null = null, shown: number | null = price) =>
  ({ values, price, shownPrice: shown }) satisfies TileFigures;
const fieldsOf = (warnings: ReturnType<typeof figureWarnings>) => warnings.map((warning) => warning.field);
const shown = (html: string, locale = 'en-US', currency = 'USD') =>
  shownPrice(cheerio.load(`<li>${html}</li>`)('li'), locale, currency);

describe('figure checks: figures that read but are wrong', () => {
  it.each(['6 pack', '250 ml', '3.4 fl oz', '$1.20/oz', '€12,90 / 100 ml', '24 count', 'see price in cart'])(
    'a price that is not a shelf price: "%s"',
    (text) => {
      const warnings = figureWarnings([tile({ name: 'A', price: text })], ['name', 'price']);
      expect(fieldsOf(warnings)).toEqual(['price']);
      expect(warnings[0]!.message).toContain(text);
    },
  );

  it.each(['$25.99', '1.299,00 €', 'CHF 1’234.50', '¥1,980', '1 349€96'])('a shelf price passes: "%s"', (text) => {
    expect(figureWarnings([tile({ name: 'A', price: text })], ['name', 'price'])).toEqual([]);
  });

  it.each(['2', '12', '6 pack', '100ml', 'Pack', '3.5 oz', 'Sponsored'])(
    'a brand that is a number, a unit or a label: "%s"',
    (brand) => {
      expect(fieldsOf(figureWarnings([tile({ name: 'A', brand })], ['name', 'brand']))).toEqual(['brand']);
    },
  );

  it.each(['Lumière', '3M', 'L’Oréal Paris', '7th Heaven', 'e.l.f.'])('a real brand passes: "%s"', (brand) => {
    expect(figureWarnings([tile({ name: 'A', brand })], ['name', 'brand'])).toEqual([]);
  });

  it('a URL pattern that rewrites every tile to one address', () => {
    const tiles = [1, 2, 3].map((n) => tile({ name: `P${n}`, url: 'https://shop.example/p/' }));
    expect(fieldsOf(figureWarnings(tiles, ['name', 'url']))).toEqual(['url']);
    const distinct = [1, 2, 3].map((n) => tile({ name: `P${n}`, url: `https://shop.example/p/${n}` }));
    expect(figureWarnings(distinct, ['name', 'url'])).toEqual([]);
  });

  it('a field empty on more than half the tiles, and not on half or fewer', () => {
    const tiles = (withSku: number) =>
      Array.from({ length: 6 }, (_u, n) => tile({ name: `P${n}`, sku: n < withSku ? `S${n}` : null }));
    expect(figureWarnings(tiles(2), ['name', 'sku'])[0]).toMatchObject({ field: 'sku', tiles: 4 });
    expect(figureWarnings(tiles(3), ['name', 'sku'])).toEqual([]);
    // Empty on every tile is try's zero-match warning, not this one.
    expect(figureWarnings(tiles(0), ['name', 'sku'])).toEqual([]);
  });

  it.each([
    [
      'a subscription price beside the shelf price',
      '<b class="price">$25.99</b> <span class="sub">Subscribe &amp; save $22.09</span>',
      25.99,
    ],
    ['a struck-out price first', '<s>$30.00</s> <b class="price">$25.99</b>', 25.99],
    ['a was-price by its class', '<span class="price-was">$30.00</span><b>$25.99</b>', 25.99],
    ['a unit price after it', '<b>$25.99</b> <small>($12.99/oz)</small>', 25.99],
    ['a German price', '<b>1.299,00 €</b>', 1299],
    ['no price at all', '<h3>Volume Mascara</h3>', null],
  ])('the first price a tile shows: %s', (_what, html, price) => {
    const locale = html.includes('€') ? 'de-DE' : 'en-US';
    expect(shown(html, locale, locale === 'de-DE' ? 'EUR' : 'USD')).toBe(price);
  });

  it('the wrong single price: a selector on the subscription price is caught, end to end', () => {
    const site = shopSite({
      locale: 'en-US',
      currency: 'USD',
      fields: { name: '.n', price: '.sub-price' },
      pages: [{ kind: 'search', url: '/s?q={keyword}', keywords: ['m'], item: '.tile' }],
    });
    const html = ['Volume', 'Curl', 'Lift']
      .map(
        (name, n) =>
          `<li class="tile"><span class="n">${name}</span><b class="price">$2${n}.99</b><span>Subscribe &amp; save <i class="sub-price">$1${n}.50</i></span></li>`,
      )
      .join('');
    const result = extractPage({
      html,
      pageUrl: site.baseUrl,
      site,
      page: site.pages[0]!,
      classify: createClassifier(null),
    }) as ListingResult;
    expect(result.tiles.map((t) => t.price)).toEqual([10.5, 11.5, 12.5]);
    expect(result.summary.figureWarnings).toEqual([
      expect.stringMatching(/^price reads 10\.5 where the tile first shows 20\.99 \(3 tile\(s\)\)/),
    ]);
    // The right selector: nothing to say.
    const right = { ...site, fields: { name: '.n', price: '.price' } };
    const fixed = extractPage({
      html,
      pageUrl: site.baseUrl,
      site: right,
      page: site.pages[0]!,
      classify: createClassifier(null),
    });
    expect((fixed as ListingResult).summary.figureWarnings).toEqual([]);
  });
});
