import type { CheerioAPI } from 'cheerio';
import type { Fields } from '../selectors/schema.ts';
import type { Classifier } from './classify.ts';
import { readTile, type FieldContext } from './fields.ts';
import { priceAmounts } from './price.ts';
import { UNKNOWN_BRAND, type BrandShare, type ListingSummary, type RankedTile, type Tile } from './types.ts';

export interface ListingSelectors {
  item: string;
  sponsored?: string | undefined;
  fields: Fields;
}

/** Tiles read per listing page: real listings show 20 to 100; a page matching thousands is broken or hostile. */
export const MAX_TILES_PER_PAGE = 1_000;

/** The tiles of one listing page, in page order (the first MAX_TILES_PER_PAGE). */
export function readListingTiles($: CheerioAPI, selectors: ListingSelectors, context: FieldContext): Tile[] {
  return $(selectors.item)
    .toArray()
    .slice(0, MAX_TILES_PER_PAGE)
    .map((node) => {
      const tile = $(node);
      const sponsored = selectors.sponsored
        ? tile.is(selectors.sponsored) || tile.find(selectors.sponsored).length > 0
        : false;
      return readTile(tile, selectors.fields, context, sponsored);
    });
}

/** Numbers the tiles (overall and organic) and says whose each one is. Pages of a listing are ranked as one. */
export function rankTiles(tiles: Tile[], classify: Classifier): RankedTile[] {
  let organic = 0;
  return tiles.map((tile, index) => {
    const { brand, owner } = classify(tile);
    return { ...tile, brand, owner, position: index + 1, organicRank: tile.sponsored ? null : ++organic };
  });
}

export function summarizeListing(tiles: RankedTile[], topN: number): ListingSummary {
  const ours = tiles.filter((tile) => tile.owner === 'ours');
  const organicTop = tiles.filter((tile) => tile.organicRank !== null && tile.organicRank <= topN);
  const sponsored = tiles.filter((tile) => tile.sponsored);
  const shareOfSearch = countByBrand(organicTop).map((entry) => ({
    ...entry,
    share: organicTop.length ? round(entry.tiles / organicTop.length) : 0,
  }));
  return {
    topN,
    tiles: tiles.length,
    organicTiles: tiles.length - sponsored.length,
    sponsoredTiles: sponsored.length,
    ourBestRank: minOf(ours.map((tile) => tile.position)),
    ourBestOrganicRank: minOf(ours.flatMap((tile) => (tile.organicRank === null ? [] : [tile.organicRank]))),
    ourTilesInTopN: organicTop.filter((tile) => tile.owner === 'ours').length,
    ourSponsoredTiles: ours.filter((tile) => tile.sponsored).length,
    ourShare: organicTop.length
      ? round(organicTop.filter((tile) => tile.owner === 'ours').length / organicTop.length)
      : 0,
    shareOfSearch,
    sponsoredByBrand: countByBrand(sponsored),
    unknownBrandTiles: tiles.filter((tile) => tile.brand === null).length,
    doublePriceTiles: tiles.filter((tile) => priceAmounts(tile.priceText) > 1).length,
    topOrganic: topOrganic(tiles),
  };
}

function topOrganic(tiles: RankedTile[]): ListingSummary['topOrganic'] {
  const top = tiles.find((tile) => tile.organicRank === 1);
  return top ? { name: top.name, brand: top.brand, owner: top.owner } : null;
}

function countByBrand(tiles: RankedTile[]): Array<Omit<BrandShare, 'share'>> {
  const counts = new Map<string, Omit<BrandShare, 'share'>>();
  for (const tile of tiles) {
    const brand = tile.brand ?? UNKNOWN_BRAND;
    const entry = counts.get(brand) ?? { brand, owner: tile.owner, tiles: 0 };
    entry.tiles += 1;
    counts.set(brand, entry);
  }
  return [...counts.values()].sort((a, b) => b.tiles - a.tiles || a.brand.localeCompare(b.brand));
}

/** Four decimals: shares are shown as percentages with two. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function minOf(values: number[]): number | null {
  return values.length ? Math.min(...values) : null;
}
