import * as cheerio from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { readField, tileReader } from '../../../functions/core/extract/fields.ts';
import { fieldSpec, fieldsSpec } from '../../../functions/core/selectors/schema.ts';

const tile = (html: string) => cheerio.load(`<div class="t">${html}</div>`)('.t');
const read = (html: string, spec: unknown) => readField(tile(html), fieldSpec.parse(spec));

describe('field alternatives, joins and decoding', () => {
  it.each([
    ['the preferred one when the tile has it', '<s class="was">$89.99</s><b class="now">$79.99</b>', '$79.99'],
    ['the next when it has not', '<span class="price">$12.00</span>', '$12.00'],
    ['the next when the preferred one is there but empty', '<b class="now"> </b><span class="price">$5</span>', '$5'],
  ])('select alternatives, in preference order per tile: %s', (_what, html, value) => {
    expect(read(html, { select: ['.now', '.price'] })).toBe(value);
  });

  it('a CSS list would have taken the first in the document, the struck-out price: alternatives do not', () => {
    const html = '<s class="was">$89.99</s><b class="now">$79.99</b>';
    expect(read(html, '.now, .was')).toBe('$89.99');
    expect(read(html, { select: ['.now', '.was'] })).toBe('$79.99');
  });

  it('an attribute present but empty tries the next alternative', () => {
    expect(read('<img alt=""><span class="n">Hero Mascara</span>', { select: ['img@alt', '.n'] })).toBe('Hero Mascara');
    expect(read('<img alt="">', 'img@alt')).toBeNull();
  });

  it('join: a name split over several elements is one value; missing parts are left out', () => {
    const html = '<span class="b">Lumière</span><span class="l">Volume Max</span><span class="k">Mascara</span>';
    expect(read(html, { join: ['.b', '.l', '.k'] })).toBe('Lumière Volume Max Mascara');
    expect(read(html, { join: ['.b', '.missing', '.k'], separator: ' – ' })).toBe('Lumière – Mascara');
    expect(read(html, { join: ['.x', '.y'] })).toBeNull();
  });

  it('decode: url reads the product address out of a click-tracking link', () => {
    const html = '<a href="/track?ad=7&u=https%3A%2F%2Fshop.example%2Fp%2FLUM-1%3Fc%3Dred">ad</a>';
    expect(read(html, { select: 'a@href', match: '[?&]u=([^&]+)', decode: 'url' })).toBe(
      'https://shop.example/p/LUM-1?c=red',
    );
    expect(read('<a href="/t?u=%E0%A4%A">x</a>', { select: 'a@href', match: 'u=([^&]+)', decode: 'url' })).toBe(
      '%E0%A4%A',
    );
  });

  it('a match that finds nothing in the preferred alternative tries the next', () => {
    expect(read('<i class="a">none</i><i class="b">SKU 42</i>', { select: ['.a', '.b'], match: 'SKU (\\d+)' })).toBe(
      '42',
    );
  });

  // Titles that start with a pack size defeat "the brand is where the name starts".
  const BRAND_FROM_NAME = {
    select: '.n',
    match: '^(?:\\(\\d+[ -]?pack\\)\\s*|\\d+[ -]?pack\\s*-\\s*)?(.+?)(?:\\s+-\\s+|\\s|$)',
  };
  it.each([
    ['(6 pack) Rii Wired Keyboard', 'Rii'],
    ['3-Pack - Rii Wired Keyboard', 'Rii'],
    ['(12-Pack) Glowco Lip Balm', 'Glowco'],
    ['2 Pack - Rii Wired Keyboard', 'Rii'],
    ['10 pack - Glowco Lip Balm', 'Glowco'],
    ['Rii - RK100 Keyboard', 'Rii'],
    ['Kosmo', 'Kosmo'],
  ])('a brand pattern on the name reads past a pack size: %s → %s', (name, brand) => {
    expect(read(`<h2 class="n">${name}</h2>`, BRAND_FROM_NAME)).toBe(brand);
  });

  it.each([
    [{ select: '.a', join: ['.b', '.c'] }, 'either select (one or alternatives) or join'],
    [{ match: 'x' }, 'either select (one or alternatives) or join'],
    [{ select: '.a', separator: '-' }, 'only goes with join'],
    [{ select: 'a@href', decode: 'url' }, 'decodes what match found: add a match'],
    [{ select: 'a@href', match: 'u=(.+)', decode: 'base64' }, 'expected url'],
    [{ select: ['.a', 'p[[['] }, 'not a valid CSS selector'],
    [{ join: ['.only'] }, ''],
    [{ select: [{ select: '.a', match: 'x' }, '.b'], match: 'y' }, 'put a match on each alternative instead'],
    [{ select: [{ field: 'name' }] }, 'needs a match'],
    [{ select: [{ select: '.a', field: 'name', match: 'x' }] }, 'either { select } or { field }'],
    [{ select: [{ select: '.a', decode: 'url' }] }, 'decodes what match found'],
    [{ select: [{ select: '.a', match: '(?=x)' }] }, ''],
    [{ select: [] }, ''],
  ])('%j is refused, saying why', (spec, message) => {
    const result = fieldSpec.safeParse(spec);
    expect(result.success).toBe(false);
    if (message) expect(JSON.stringify(result.error!.issues)).toContain(message);
  });
});

describe('alternatives with their own pattern, and values from another field', () => {
  // Sponsored tiles link through a click-tracking redirect, organic ones directly.
  const URL_SPEC = {
    select: [{ select: 'a.ad@href', match: '[?&]u=([^&]+)', decode: 'url' }, 'a.direct@href'],
  };
  it.each([
    [
      'a sponsored tile: the address inside the redirect, decoded',
      '<a class="ad" href="/clk?u=%2Fp%2FLUM-1">x</a>',
      '/p/LUM-1',
    ],
    ['an organic tile: its own link, untouched', '<a class="direct" href="/p/LUM-2?ref=s">x</a>', '/p/LUM-2?ref=s'],
    [
      'a redirect without the address: the next alternative',
      '<a class="ad" href="/clk?x=1"></a><a class="direct" href="/p/3">x</a>',
      '/p/3',
    ],
  ])('each alternative its own match and decoding: %s', (_what, html, url) => {
    expect(read(html, URL_SPEC)).toBe(url);
  });

  it('one pattern for every alternative would send the organic links nowhere (why each has its own)', () => {
    const shared = { select: ['a.ad@href', 'a.direct@href'], match: '[?&]u=([^&]+)', decode: 'url' };
    expect(read('<a class="direct" href="/p/LUM-2">x</a>', shared)).toBeNull();
  });

  const fields = fieldsSpec.parse({
    name: '.n',
    brand: { select: ['.b', { field: 'name', match: '^(?:\\d+[ -]?pack\\s*-\\s*)?(\\S+)' }] },
  });
  const readBoth = (html: string) => {
    const read = tileReader(tile(html), fields);
    return [read('name'), read('brand')];
  };
  it.each([
    [
      'the brand element where the tile has one',
      '<b class="b">Lumière</b><h3 class="n">Volume Mascara</h3>',
      'Lumière',
    ],
    ['else the brand from the name', '<h3 class="n">Glowco Lip Balm</h3>', 'Glowco'],
    ['from the name past a pack size', '<h3 class="n">2 Pack - Rii Keyboard</h3>', 'Rii'],
    ['an empty brand element: from the name', '<b class="b"> </b><h3 class="n">Kosmo Gel</h3>', 'Kosmo'],
    ['no name either: nothing', '<b class="x">?</b>', null],
  ])('"the brand element, else the brand from the name": %s', (_what, html, brand) => {
    expect(readBoth(html)[1]).toBe(brand);
  });

  it.each([
    [{ name: '.n', brand: { select: [{ field: 'brand', match: '(.+)' }] } }, 'cannot take its value from itself'],
    [{ name: '.n', brand: { select: [{ field: 'title', match: '(.+)' }] } }, 'which is not a field here'],
    [
      {
        name: '.n',
        line: { select: [{ field: 'brand', match: '(.+)' }] },
        brand: { select: [{ field: 'name', match: '(\\S+)' }] },
      },
      'itself takes a value from another field',
    ],
  ])('a value from another field must come from a field that reads the page: %j', (spec, message) => {
    const result = fieldsSpec.safeParse(spec);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toContain(message);
  });
});

describe('placement slot items, read as tiles are', () => {
  it('carry every declared field, their price parsed, and whether they are sponsored', async () => {
    const { extractPage } = await import('../../../functions/core/extract/extract.ts');
    const { createClassifier } = await import('../../../functions/core/extract/classify.ts');
    const { shopSite } = await import('../../support/site-fixtures.ts');
    const site = shopSite({
      pages: [
        {
          kind: 'placement',
          name: 'home',
          url: '/',
          slots: {
            carousel: {
              item: '.slide',
              sponsored: '.ad',
              fields: { name: '.n', brand: '.b', price: { select: ['.now', '.price'] }, sku: '@data-sku' },
            },
          },
        },
      ],
    });
    const html = `<div class="slide" data-sku="A1"><span class="n">Volume</span><span class="b">Lumière</span><s class="price">39,99 €</s><b class="now">29,99 €</b></div>
      <div class="slide ad" data-sku="B2"><span class="n">Mega</span><span class="b">Glowco</span><span class="price">19,99 €</span></div>`;
    const result = extractPage({
      html,
      pageUrl: 'https://shop.example/fr/',
      site,
      page: site.pages[0]!,
      classify: createClassifier({
        ours: { label: 'us', brands: { Lumière: [] }, products: [] },
        competitors: { Glowco: [] },
      }),
    });
    if (result.kind !== 'placement') throw new Error('expected a placement result');
    expect(
      result.slots[0]!.items.map(({ name, price, priceText, sponsored, extra, owner }) => ({
        name,
        price,
        priceText,
        sponsored,
        extra,
        owner,
      })),
    ).toEqual([
      { name: 'Volume', price: 29.99, priceText: '29,99 €', sponsored: false, extra: { sku: 'A1' }, owner: 'ours' },
      { name: 'Mega', price: 19.99, priceText: '19,99 €', sponsored: true, extra: { sku: 'B2' }, owner: 'competitor' },
    ]);
  });
});
