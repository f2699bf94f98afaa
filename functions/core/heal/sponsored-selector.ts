import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, positional } from './candidate-selectors.ts';
import type { FoundTile } from './find-tiles.ts';

/**
 * The page's sponsored selector, checked against what the last good day knew of each product
 * (sponsored or not) and mended when it no longer tells them apart: a mark (class, attribute,
 * element) every sponsored tile has, on it or inside it, and no organic tile has. A wrong flag
 * moves every organic rank, so only a selector that agrees on every found tile is kept. Pure.
 */
export function chooseSponsored(
  $: CheerioAPI,
  found: FoundTile[],
  current: string | undefined,
): { sponsored: string | undefined; changed: boolean } {
  const known = found.filter((entry) => entry.known.sponsored !== undefined);
  const sponsored = known.filter((entry) => entry.known.sponsored);
  if (sponsored.length === 0 || sponsored.length === known.length) return { sponsored: current, changed: false };
  if (current && agrees($, known, current)) return { sponsored: current, changed: false };
  const options = new Set<string>();
  for (const entry of sponsored)
    for (const element of [entry.tile, ...($(entry.tile).find('*').toArray() as Element[])])
      for (const selector of [...describe(element), ...positional(element, entry.tile)]) options.add(selector);
  const fitting = [...options]
    .filter((selector) => !/^[a-z0-9]+$/.test(selector))
    .sort((a, b) => a.length - b.length)
    .find((selector) => agrees($, known, selector));
  return fitting ? { sponsored: fitting, changed: true } : { sponsored: current, changed: false };
}

function agrees($: CheerioAPI, found: FoundTile[], selector: string): boolean {
  try {
    return found.every((entry) => {
      const tile = $(entry.tile);
      return (tile.is(selector) || tile.find(selector).length > 0) === entry.known.sponsored;
    });
  } catch {
    return false;
  }
}
