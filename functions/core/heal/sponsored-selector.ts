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
  if (sponsored.length === known.length && known.length > 0) return { sponsored: current, changed: false };
  const matchesSomething = (selector: string | undefined) => !!selector && safeCount($, selector) > 0;
  // No paid product of the good day is on the page now: the ads are others. A selector that still
  // marks some tile is kept; one that marks nothing is mended from the page's own "Sponsored" labels.
  if (sponsored.length === 0)
    return current && !matchesSomething(current)
      ? (labelled($, known, current) ?? { sponsored: current, changed: false })
      : { sponsored: current, changed: false };
  if (current && agrees($, known, current) && matchesSomething(current)) return { sponsored: current, changed: false };
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

/** The words retailers label paid tiles with, in the markets we read. */
const SPONSORED_WORDS =
  /^(?:sponsored|sponsorisé|sponsorisée|gesponsert|anzeige|annonce|publicité|ad|ads|patrocinado|sponsorizzato|gesponsord|スポンサー|広告|广告|赞助)$/iu;

/** A selector for the page's own sponsored labels, which none of the known organic tiles carries; null when none fits. */
function labelled(
  $: CheerioAPI,
  known: FoundTile[],
  current: string | undefined,
): { sponsored: string; changed: true } | null {
  const labels = ($('*').toArray() as Element[]).filter(
    (element) => SPONSORED_WORDS.test($(element).text().trim()) && $(element).children().length === 0,
  );
  const organic = known.filter((entry) => entry.known.sponsored === false);
  const options = [...new Set(labels.flatMap((label) => describe(label)))]
    .filter((selector) => !/^[a-z0-9]+$/.test(selector) && selector !== current)
    .sort((a, b) => a.length - b.length);
  const fitting = options.find(
    (selector) =>
      safeCount($, selector) > 0 &&
      organic.every((entry) => !($(entry.tile).is(selector) || $(entry.tile).find(selector).length > 0)),
  );
  return fitting ? { sponsored: fitting, changed: true } : null;
}

function safeCount($: CheerioAPI, selector: string): number {
  try {
    return $(selector).length;
  } catch {
    return 0;
  }
}
