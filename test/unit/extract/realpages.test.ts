import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import type { ListingResult, PlacementResult } from '../../../functions/core/extract/types.ts';
import { parseSiteFile, parseTrackingFile } from '../../../functions/core/selectors/load.ts';
import { FIXTURES_DIR, HAVE_REALPAGES, REALPAGES_DIR } from '../../support/paths.ts';

interface Meta {
  tile_count: number;
  tile_selector: string;
  first_items: Array<{ rank: number; name: string; brand?: string }>;
}

const PAGES = [
  'amazon-us_search_keyboard',
  'amazon-jp_search_pokemon-card-box',
  'bestbuy-us_search_keyboard',
  'ldlc-fr_search_pc-gamer-rtx-4060',
  'debijenkorf-nl_category_heren-jassen',
  'rakuten-de_home',
] as const;

const tracking = parseTrackingFile(
  'tracking.yaml',
  readFileSync(path.join(FIXTURES_DIR, 'realpages/tracking.yaml'), 'utf8'),
).tracking;
const classify = createClassifier(tracking);

function extract(name: (typeof PAGES)[number]) {
  const { site, problems } = parseSiteFile(
    name,
    readFileSync(path.join(FIXTURES_DIR, `realpages/${name}.yaml`), 'utf8'),
  );
  if (!site) throw new Error(problems.map((p) => p.message).join('\n'));
  const page = site.pages[0]!;
  const html = readFileSync(path.join(REALPAGES_DIR, `${name}.html`), 'utf8');
  const meta = JSON.parse(readFileSync(path.join(REALPAGES_DIR, `${name}.meta.json`), 'utf8')) as Meta;
  return { result: extractPage({ html, pageUrl: site.baseUrl, site, page, classify }), meta, site };
}

/** Names in page order, whichever kind of page it is. */
function names(result: ListingResult | PlacementResult): Array<string | null> {
  return result.kind === 'placement'
    ? result.slots.flatMap((slot) => slot.items.map((item) => item.name))
    : result.tiles.map((tile) => tile.name);
}

describe.skipIf(!HAVE_REALPAGES)('Extraction on real retailer pages', () => {
  it.each(PAGES)('%s: tile count and the first five names match its .meta.json', (name) => {
    const { result, meta } = extract(name);
    expect(result.status).toBe('ok');
    const found = names(result);
    expect(found).toHaveLength(meta.tile_count);
    expect(found.slice(0, 5)).toEqual(meta.first_items.slice(0, 5).map((item) => item.name));
  });

  it.each(PAGES.filter((name) => !name.endsWith('_home')))(
    '%s: the figure checks find nothing wrong with selectors that read it right',
    (name) => {
      const { result } = extract(name);
      expect(result.kind === 'placement' ? [] : result.summary.figureWarnings).toEqual([]);
    },
  );

  it('debijenkorf-nl: brands are read apart from names', () => {
    const { result, meta } = extract('debijenkorf-nl_category_heren-jassen');
    const tiles = (result as ListingResult).tiles;
    expect(tiles.slice(0, 5).map((tile) => tile.brand)).toEqual(meta.first_items.slice(0, 5).map((item) => item.brand));
    expect(tiles[0]).toMatchObject({ owner: 'ours', price: 349.95 });
  });

  it('rakuten-de: the deals carousel slots, ours marked with their slot index', () => {
    const { result, meta } = extract('rakuten-de_home');
    const placement = result as PlacementResult;
    expect(placement.slots[0]!.items.slice(0, 5).map((item) => item.brand)).toEqual(
      meta.first_items.slice(0, 5).map((item) => item.brand),
    );
    expect(placement.summary.slotsHeld.slice(0, 2)).toEqual([
      { slot: 'deals', index: 2, name: 'Topfset "Saphir" 9-teilig versandkostenfrei', brand: 'WMF' },
      { slot: 'deals', index: 5, name: 'Messerblock 6-tlg Spitzenklasse plus versandkostenfrei', brand: 'WMF' },
    ]);
  });

  it('amazon-us: sponsored tiles are flagged and left out of organic rank', () => {
    const result = extract('amazon-us_search_keyboard').result as ListingResult;
    const sponsored = result.tiles.filter((tile) => tile.sponsored).map((tile) => tile.position);
    expect(sponsored).toEqual([1, 2, 7, 12, 17, 22]);
    expect(result.tiles.map((tile) => tile.organicRank)).toEqual([
      null,
      null,
      1,
      2,
      3,
      4,
      null,
      5,
      6,
      7,
      8,
      null,
      9,
      10,
      11,
      12,
      null,
      13,
      14,
      15,
      16,
      null,
    ]);
    // The same product (ASIN) is sold both as an ad and organically; each tile counts where it stands.
    expect(result.tiles[0]!.extra.asin).toBe(result.tiles[3]!.extra.asin);
    expect(result.summary).toMatchObject({
      tiles: 22,
      organicTiles: 16,
      sponsoredTiles: 6,
      ourBestRank: 3,
      ourBestOrganicRank: 1,
      ourTilesInTopN: 2,
      ourSponsoredTiles: 1,
      ourShare: 0.2,
    });
    expect(result.summary.sponsoredByBrand).toContainEqual({ brand: 'Amazon Basics', owner: 'competitor', tiles: 3 });
    expect(result.tiles[2]).toMatchObject({
      name: expect.stringMatching(/^Rii RK100\+/),
      brand: 'Rii',
      price: 14.99,
      url: expect.stringMatching(/^https:\/\/www\.amazon\.com\/Rii-/),
    });
  });

  it('amazon-jp: sponsored tiles flagged, yen prices read, products matched by name pattern', () => {
    const result = extract('amazon-jp_search_pokemon-card-box').result as ListingResult;
    expect(result.tiles.filter((tile) => tile.sponsored)).toHaveLength(9);
    expect(result.tiles[1]).toMatchObject({ sponsored: true, organicRank: null, price: 24800, priceText: '￥24,800' });
    expect(result.tiles[3]).toMatchObject({ organicRank: 1, owner: 'ours', brand: 'Pokémon', price: 15592 });
  });

  it('ldlc-fr: French prices, where the euro sign stands for the decimal comma, are parsed', () => {
    const result = extract('ldlc-fr_search_pc-gamer-rtx-4060').result as ListingResult;
    expect(result.tiles.slice(0, 3).map((tile) => [tile.priceText, tile.price])).toEqual([
      ['1 349€96', 1349.96],
      ['1 029€95', 1029.95],
      ['949€99', 949.99],
    ]);
    expect(result.tiles.every((tile) => typeof tile.price === 'number' && tile.price > 100)).toBe(true);
    expect(result.summary.shareOfSearch).toEqual([
      { brand: 'LDLC', owner: 'ours', tiles: 9, share: 0.9 },
      { brand: 'MSI', owner: 'competitor', tiles: 1, share: 0.1 },
    ]);
  });

  it('bestbuy-us: the brand is read from the start of the name', () => {
    const result = extract('bestbuy-us_search_keyboard').result as ListingResult;
    expect(result.tiles[0]).toMatchObject({ brand: 'Logitech', owner: 'competitor', price: 27.99 });
    expect(result.tiles[1]).toMatchObject({ brand: null, owner: 'other' });
    // Only known brands are told from the name: the others fall to (unknown), and are counted.
    expect(result.summary.unknownBrandTiles).toBe(result.tiles.filter((tile) => tile.brand === null).length);
    expect(result.summary.unknownBrandTiles).toBe(10);
  });

  it('bestbuy-us: a brand pattern on the name ("Brand - Product") places every tile', () => {
    const name = 'bestbuy-us_search_keyboard';
    const file = readFileSync(path.join(FIXTURES_DIR, `realpages/${name}.yaml`), 'utf8').replace(
      '      name: .sku-title\n',
      '      name: .sku-title\n      brand: { select: .sku-title, match: "^(.+?) - " }\n',
    );
    const { site, problems } = parseSiteFile(name, file);
    expect(problems).toEqual([]);
    const html = readFileSync(path.join(REALPAGES_DIR, `${name}.html`), 'utf8');
    const result = extractPage({
      html,
      pageUrl: site!.baseUrl,
      site: site!,
      page: site!.pages[0]!,
      classify,
    }) as ListingResult;
    const meta = JSON.parse(readFileSync(path.join(REALPAGES_DIR, `${name}.meta.json`), 'utf8')) as Meta;
    expect(result.tiles.map((tile) => tile.name)).toHaveLength(meta.tile_count);
    expect(result.tiles.slice(0, 5).map((tile) => tile.brand)).toEqual([
      'Logitech',
      'SteelSeries',
      'Glorious',
      'Alienware',
      'HyperX',
    ]);
    expect(result.summary.unknownBrandTiles).toBe(0);
    expect(result.summary.shareOfSearch.map((entry) => entry.brand)).not.toContain('(unknown)');
  });
});
