import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { firstAmount, parsePrice, priceAmounts } from './price.ts';

/** One tile's figures as read, and the first price a shopper sees in it (struck-out prices left out). */
export interface TileFigures {
  values: Record<string, string | null>;
  price: number | null;
  shownPrice: number | null;
}

export interface FigureWarning {
  field: string;
  /** Tiles it concerns. */
  tiles: number;
  message: string;
}

/** A number followed by a unit or pack word: "6 pack", "250 ml", "3.4 fl oz", "$1.20/oz". */
const UNIT =
  /\d\s*(?:ml|cl|l|g|kg|mg|oz|fl\.?\s?oz|lbs?|ct|count|pack|pk|pcs|pieces|st(?:ück|k)?|x|capsules|tablets|sheets)\b|\/\s*(?:ml|cl|l|g|kg|oz|lb|ct|count|100\s?(?:ml|g)|unit|each)\b/i;
/** A brand that is a number, a number with a unit, or a pack word alone. */
const NOT_A_BRAND =
  /^(?:\d+(?:[.,]\d+)?\s*(?:ml|g|kg|oz|ct|count|pack|pk|pcs|x|%)?|pack|pk|set|lot|bundle|new|sale|sponsored|ad)$/i;
/** Tiles below this are too few to say "every" or "more than half" of. */
const FEW_TILES = 3;

/**
 * Figures that read but are probably wrong, from one page's tiles: a price that is a pack size or a
 * unit price, a brand that is a number or a unit, one address for every tile (a URL pattern that
 * rewrote them all), a field empty on more than half the tiles, a price read that is not the first
 * price the tile shows (a subscription or member price beside the shelf price). Pure.
 */
export function figureWarnings(tiles: TileFigures[], declared: string[]): FigureWarning[] {
  const warnings: FigureWarning[] = [];
  const values = (field: string) => tiles.map((tile) => tile.values[field] ?? null);
  const example = (list: Array<string | null>) => `"${list.find((value) => value !== null)}"`;
  for (const field of declared) {
    const found = values(field).filter((value) => value !== null);
    if (tiles.length >= FEW_TILES && found.length > 0 && found.length * 2 < tiles.length)
      warnings.push({
        field,
        tiles: tiles.length - found.length,
        message: `${field} is empty on ${tiles.length - found.length} of ${tiles.length} tiles: its selector misses most tiles (an alternative for the others?)`,
      });
  }
  const prices = values('price');
  const unitPrices = prices.filter((text) => text !== null && (UNIT.test(text) || !/\d/.test(text)));
  if (unitPrices.length)
    warnings.push({
      field: 'price',
      tiles: unitPrices.length,
      message: `price reads ${example(unitPrices)} on ${unitPrices.length} tile(s): a pack size, a unit price or no number, not a shelf price`,
    });
  const brands = values('brand').filter((brand) => brand !== null && NOT_A_BRAND.test(brand.trim()));
  if (brands.length)
    warnings.push({
      field: 'brand',
      tiles: brands.length,
      message: `brand reads ${example(brands)} on ${brands.length} tile(s): a number or a unit is not a brand (a pattern reading a pack size?)`,
    });
  const urls = values('url').filter((url) => url !== null);
  if (urls.length >= FEW_TILES && new Set(urls).size === 1)
    warnings.push({
      field: 'url',
      tiles: urls.length,
      message: `url is ${example(urls)} on every tile: its pattern rewrites them all to one address, so no product can be told by its link`,
    });
  const wrongPrice = tiles.filter(
    (tile) =>
      tile.price !== null &&
      tile.shownPrice !== null &&
      priceAmounts(tile.values.price) <= 1 &&
      Math.abs(tile.price - tile.shownPrice) > 0.005,
  );
  if (wrongPrice.length) {
    const first = wrongPrice[0]!;
    warnings.push({
      field: 'price',
      tiles: wrongPrice.length,
      message: `price reads ${first.price} where the tile first shows ${first.shownPrice} (${wrongPrice.length} tile(s)): a subscription, member or unit price beside the shelf price? select the one shoppers pay`,
    });
  }
  return warnings;
}

/** Struck-out prices: in <s>/<del>, styled line-through, or named was / old / list / RRP. */
const STRUCK = [
  's',
  'del',
  'strike',
  '[style*="line-through"]',
  '[class*="was-" i]',
  '[class*="-was" i]',
  '[class*="oldprice" i]',
  '[class*="old-price" i]',
  '[class*="price-old" i]',
  '[class*="strike" i]',
  '[class*="list-price" i]',
  '[class*="listprice" i]',
  '[class*="rrp" i]',
].join(', ');

/** The first price a shopper sees in a tile, struck-out ones left out; null when it shows none. */
export function shownPrice(tile: Cheerio<AnyNode>, locale: string, currency: string): number | null {
  const copy = tile.clone();
  copy.find(`script, style, noscript, ${STRUCK}`).remove();
  return parsePrice(firstAmount(spaced(copy.toArray())), locale, currency);
}

function spaced(nodes: AnyNode[]): string {
  return nodes
    .map((node) =>
      node.type === 'text'
        ? (node as unknown as { data: string }).data
        : 'children' in node
          ? spaced((node as Element).children)
          : '',
    )
    .join(' ');
}
