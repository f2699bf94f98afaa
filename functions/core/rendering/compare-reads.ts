import type { PageResult } from '../extract/types.ts';
import type { PageOutcome } from '../page/types.ts';

export type Agreement = { same: true } | { same: false; why: string };

/**
 * Whether a plain fetch read what Chromium read: the same status, and the same tiles in the same
 * order with the same names, links, prices, brands and sponsored flags (or the same slots and
 * items). The first difference is said, for selector health. Pure.
 */
export function compareReads(chrome: PageOutcome, fetched: PageOutcome): Agreement {
  if (fetched.status !== chrome.status)
    return { same: false, why: `a plain fetch read ${fetched.status} where Chromium read ${chrome.status}` };
  return compareResults(chrome.result, fetched.result);
}

function compareResults(chrome: PageResult | null, fetched: PageResult | null): Agreement {
  if (!chrome || !fetched) return chrome === fetched ? { same: true } : { same: false, why: 'only one read a result' };
  if (chrome.kind === 'placement' || fetched.kind === 'placement') {
    const slots = (result: PageResult) =>
      result.kind === 'placement'
        ? result.slots.map((slot) => [slot.slot, slot.items.map((item) => [item.name, item.url, item.sponsored])])
        : null;
    return same(slots(chrome), slots(fetched), 'the slots differ');
  }
  if (fetched.tiles.length !== chrome.tiles.length)
    return {
      same: false,
      why: `a plain fetch read ${fetched.tiles.length} tiles where Chromium read ${chrome.tiles.length}`,
    };
  for (const [index, tile] of chrome.tiles.entries()) {
    const other = fetched.tiles[index]!;
    for (const field of ['name', 'url', 'price', 'brand', 'sponsored'] as const)
      if (JSON.stringify(tile[field]) !== JSON.stringify(other[field]))
        return {
          same: false,
          why: `tile ${index + 1}: ${field} ${JSON.stringify(other[field])} by a plain fetch, ${JSON.stringify(tile[field])} by Chromium`,
        };
  }
  return { same: true };
}

function same(a: unknown, b: unknown, why: string): Agreement {
  return JSON.stringify(a) === JSON.stringify(b) ? { same: true } : { same: false, why };
}
