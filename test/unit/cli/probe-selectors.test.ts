import * as cheerio from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { probeSelectors } from '../../../scripts/maintain/probe-selectors.ts';
import { shopSite, SHOP_SEARCH } from '../../support/site-fixtures.ts';

const site = shopSite({
  blockedIf: '.captcha',
  fields: { name: '.n', brand: '.b', url: 'a@href' },
  pages: [
    SHOP_SEARCH,
    {
      kind: 'placement',
      name: 'home',
      url: '/',
      slots: { hero: { item: '.hero a', fields: { name: '@title' } }, promo: { item: '.promo', optional: true } },
    },
  ],
});
const [search, home] = site.pages;
const row = (probes: ReturnType<typeof probeSelectors>, path: string) => probes.find((probe) => probe.path === path);

describe('probeSelectors', () => {
  it('counts items, the items each field found a value in, and sponsored items', () => {
    const html =
      '<li class="tile"><span class="ad">Ad</span><a href="/p/1"><span class="n">Volume</span></a><script>track()</script></li><li class="tile"><a href="/p/2"><span class="n">Curl</span></a></li>';
    const probes = probeSelectors(html, site, search!);
    expect(row(probes, 'item')).toMatchObject({ matches: 2, sample: 'Ad Volume', warn: false });
    expect(row(probes, 'fields.name')).toMatchObject({ matches: 2, of: 2, sample: 'Volume', warn: false });
    // No tile has a brand: worth a warning, the field's selector is probably wrong.
    expect(row(probes, 'fields.brand')).toMatchObject({ matches: 0, of: 2, warn: true });
    expect(row(probes, 'sponsored')).toMatchObject({ matches: 1, of: 2, warn: false });
    expect(row(probes, 'noResults')).toMatchObject({ matches: 0, warn: false });
    expect(row(probes, 'blockedIf')).toMatchObject({ matches: 0, warn: false });
  });

  it('a miss warns once, on the items, not again on every field; a bot wall warns', () => {
    const probes = probeSelectors('<div class="captcha">Are you human?</div>', site, search!);
    expect(probes.filter((probe) => probe.warn).map((probe) => probe.path)).toEqual(['item', 'blockedIf']);
    expect(row(probes, 'blockedIf')!.sample).toBe('Are you human?');
  });

  it('placements: each slot and its fields; an optional slot may be absent without a warning', () => {
    const probes = probeSelectors('<div class="hero"><a title="Volume Max" href="/p/1">x</a></div>', site, home!);
    expect(probes.map((probe) => [probe.path, probe.matches, probe.warn])).toEqual([
      ['slots.hero', 1, false],
      ['slots.hero.fields.name', 1, false],
      ['slots.promo', 0, false],
      ['slots.promo.fields.name', 0, false],
      ['slots.promo.fields.brand', 0, false],
      ['slots.promo.fields.url', 0, false],
      ['blockedIf', 0, false],
    ]);
  });

  it.each([
    [['@data-sku', '.n@title'], '.n'],
    [['a@href', '@data-id', '.n'], 'a, .n'],
    [['@data-sku'], null],
    [[{ select: 'a.ad@href', match: 'u=(.+)' }, { field: 'name', match: '(\\d+)' }, '@data-id'], 'a.ad'],
  ])(
    'a field %j outlines valid CSS (%s) and reads as a scan does, whatever the order of attribute alternatives',
    (select, outline) => {
      const withSku = shopSite({ fields: { name: '.n', sku: { select } }, pages: [SHOP_SEARCH] });
      const probes = probeSelectors(
        '<li class="tile" data-sku="S1" data-id="7"><a class="ad" href="/c?u=X"><span class="n" title="T">N</span></a></li>',
        withSku,
        withSku.pages[0]!,
      );
      const sku = row(probes, 'fields.sku')!;
      expect(sku.outline ?? null).toBe(outline);
      if (sku.outline) expect(() => cheerio.load('<p></p>')(sku.outline!)).not.toThrow();
      expect(sku.matches).toBe(1);
    },
  );
});
