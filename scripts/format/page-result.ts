import type { ListingResult, PageResult, PlacementResult } from '../../functions/core/extract/types.ts';
import { priceAmounts } from '../../functions/core/extract/price.ts';
import { percent, renderTable } from './table.ts';

/** A page's extraction as a maintainer reads it: status, our figures, then every tile. */
export function formatPageResult(result: PageResult): string {
  return result.kind === 'placement' ? formatPlacement(result) : formatListing(result);
}

function formatListing(result: ListingResult): string {
  const s = result.summary;
  const head = [
    `status: ${result.status}   tiles: ${s.tiles} (${s.organicTiles} organic, ${s.sponsoredTiles} sponsored)   top N: ${s.topN}`,
    `ours: best rank ${s.ourBestRank ?? '–'}, best organic rank ${s.ourBestOrganicRank ?? '–'}, ${s.ourTilesInTopN} in organic top ${s.topN}, ${s.ourSponsoredTiles} sponsored, share of search ${percent(s.ourShare)}`,
    `share of search (organic top ${s.topN}): ${s.shareOfSearch.map((entry) => `${entry.brand} ${percent(entry.share)}`).join(', ') || '–'}`,
  ];
  const table = renderTable(result.tiles, [
    { header: '#', value: (t) => t.position, align: 'right' },
    { header: 'organic', value: (t) => t.organicRank ?? 'sponsored', align: 'right' },
    { header: 'owner', value: (t) => t.owner },
    { header: 'brand', value: (t) => t.brand, max: 20 },
    { header: 'name', value: (t) => t.name, max: 60 },
    { header: 'price', value: (t) => `${t.price ?? ''}${priceAmounts(t.priceText) > 1 ? ' ~' : ''}`, align: 'right' },
  ]);
  const doubled = result.tiles.filter((tile) => priceAmounts(tile.priceText) > 1);
  const warning = doubled.length
    ? `\n~ ${doubled.length} of ${result.tiles.length} price texts hold more than one amount ("${doubled[0]!.priceText}"): the first is read; give the price field alternatives, the price shoppers pay first`
    : '';
  const notes = [brandNote(result), ...figureNotes(result)].filter((note) => note !== null);
  return `${head.join('\n')}\n\n${table}${warning}${notes.map((note) => `\n${note}`).join('')}`;
}

function formatPlacement(result: PlacementResult): string {
  type Row = { slot: string; index: number | string; owner: string; brand: string | null; name: string | null };
  const rows: Row[] = result.slots.flatMap((slot): Row[] =>
    slot.items.length
      ? slot.items.map((item) => ({ slot: slot.slot, ...item }))
      : [{ slot: slot.slot, index: '', owner: '', brand: null, name: '(nothing matched)' }],
  );
  const head = `status: ${result.status}${result.missingSlots.length ? `   missing slots: ${result.missingSlots.join(', ')}` : ''}   slots held by us: ${result.summary.slotsHeld.length}`;
  const table = renderTable(rows, [
    { header: 'slot', value: (r) => r.slot },
    { header: '#', value: (r) => r.index, align: 'right' },
    { header: 'owner', value: (r) => r.owner },
    { header: 'brand', value: (r) => r.brand, max: 20 },
    { header: 'name', value: (r) => r.name, max: 60 },
  ]);
  return `${head}\n\n${table}`;
}

/** How many tiles fell to `(unknown)`: no brand value and no known brand in the name; with an example. */
export function brandNote(result: PageResult): string | null {
  if (result.kind === 'placement') return null;
  const unknown = result.tiles.filter((tile) => tile.brand === null);
  if (result.tiles.length === 0) return null;
  if (unknown.length === 0) return `brands: every tile's brand told (${result.tiles.length} tiles)`;
  const example = unknown.find((tile) => tile.name)?.name;
  return `~ brands: ${unknown.length} of ${result.tiles.length} tiles fell to (unknown)${example ? ` (e.g. "${example.slice(0, 60)}")` : ''}: a brand field, or a brand pattern on the name ({ select: <name>, match: ... }), would place them`;
}

/** What the figure checks said of a listing (figure-checks.ts): one line each. */
export function figureNotes(result: PageResult): string[] {
  if (result.kind === 'placement') return [];
  return (result.summary.figureWarnings ?? []).map((warning) => `~ figures: ${warning}`);
}
