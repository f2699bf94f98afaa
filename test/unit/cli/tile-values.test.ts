import { describe, expect, it } from 'vitest';
import { siteFileSchema } from '../../../functions/core/selectors/schema.ts';
import { probeSelectors } from '../../../scripts/maintain/probe-selectors.ts';
import { formatTileValues, partial, priceWarnings } from '../../../scripts/maintain/tile-values.ts';
import { shopSite } from '../../support/site-fixtures.ts';

const site = shopSite({
  fields: { name: '.n', brand: '.b' },
  pages: [{ kind: 'search', url: '/s?q={keyword}', keywords: ['mascara'], item: '.tile' }],
});
const page = site.pages[0]!;
const tile = (name: string, brand?: string) =>
  `<div class="tile"><span class="n">${name}</span>${brand ? `<span class="b">${brand}</span>` : ''}</div>`;

describe('try --all: every tile, not only the first', () => {
  it('lists each tile’s values and names a field found on some tiles only', () => {
    const html = `<main>${tile('Volume', 'Lumière')}${tile('Curl')}${tile('Lash', 'Glowco')}${tile('Kohl')}</main>`;
    const probes = probeSelectors(html, site, page);
    const text = formatTileValues(probes);
    const lines = text.split('\n');
    expect(lines[0]).toBe('item: every tile (4)');
    expect(lines.filter((line) => /^\s*\d+\s/.test(line)).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ['1', 'Volume', 'Lumière'],
      ['2', 'Curl', '—'],
      ['3', 'Lash', 'Glowco'],
      ['4', 'Kohl', '—'],
    ]);
    expect(text).toContain('~ fields.brand found nothing in 2 of 4 tiles: #2, #4');
    expect(text).not.toContain('~ fields.name');
    expect(probes.filter(partial).map((probe) => probe.path)).toEqual(['fields.brand']);
  });

  it('a field found on every tile, or on none, is no partial match', () => {
    const every = probeSelectors(`${tile('A', 'X')}${tile('B', 'Y')}`, site, page);
    const none = probeSelectors(`${tile('A')}${tile('B')}`, site, page);
    expect(every.filter(partial)).toEqual([]);
    expect(none.filter(partial)).toEqual([]);
    expect(formatTileValues(every)).not.toContain('~');
  });

  it('no tiles: nothing to list', () => {
    expect(formatTileValues(probeSelectors('<main></main>', site, page))).toBe('');
  });
});

describe('try: a price that holds two amounts is named', () => {
  const priced = siteFileSchema.parse({
    site: 'shop',
    market: 'us',
    baseUrl: 'https://shop.example/us',
    locale: 'en-US',
    currency: 'USD',
    fields: { name: '.n', price: '.p' },
    pages: [{ kind: 'search', url: '/s?q={keyword}', keywords: ['mascara'], item: '.tile' }],
  });
  const tiles = (...prices: string[]) =>
    prices
      .map((price, i) => `<div class="tile"><span class="n">T${i}</span><span class="p">${price}</span></div>`)
      .join('');

  it('with the tiles it happens on and an example', () => {
    const probes = probeSelectors(tiles('$12.00', 'Was $89.99 Now $79.99', '$5.00'), priced, priced.pages[0]!);
    expect(priceWarnings(probes)).toEqual([
      '~ fields.price holds more than one amount in 1 of 3 tiles ("Was $89.99 Now $79.99"): the first is read; give alternatives, the price shoppers pay first',
    ]);
  });

  it('not when every price is one amount', () => {
    expect(priceWarnings(probeSelectors(tiles('$12.00', '$5.00'), priced, priced.pages[0]!))).toEqual([]);
  });
});
