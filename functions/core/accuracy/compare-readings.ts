import type { PageResult } from '../extract/types.ts';
import type { ReadingDifference } from '../store/model.ts';

export type { ReadingDifference };

/** Differences are listed up to this many: the first few say what went wrong. */
const MAX_DIFFERENCES = 8;

/**
 * The scorecard's figures of one page as two readings give them (the first read and a second
 * way: the other renderer, or the stored evidence extracted again), and every one that differs.
 * Empty: the readings agree on everything the scorecard shows. Pure.
 */
export function compareReadings(first: PageResult, second: PageResult | null): ReadingDifference[] {
  const a = figuresOf(first);
  const b = second ? figuresOf(second) : null;
  if (!b) return [{ figure: 'page', first: 'read', second: 'nothing read' }];
  const differences: ReadingDifference[] = [];
  for (const [figure, value] of Object.entries(a)) {
    const other = b[figure] ?? '—';
    if (value !== other) differences.push({ figure, first: value, second: other });
  }
  return differences.slice(0, MAX_DIFFERENCES);
}

/** What the scorecard takes from a page, as comparable text. */
function figuresOf(result: PageResult): Record<string, string> {
  if (result.kind === 'placement') {
    const held = result.summary.slotsHeld.map((slot) => `${slot.slot} #${slot.index} ${slot.name ?? '?'}`);
    return { status: result.status, 'slots held': held.join(', ') || 'none' };
  }
  const s = result.summary;
  const organic = result.tiles.filter((tile) => tile.organicRank !== null && tile.organicRank <= s.topN);
  return {
    status: result.status,
    'our best organic rank': String(s.ourBestOrganicRank ?? '—'),
    'our tiles in the top N': String(s.ourTilesInTopN),
    'our share of search': `${Math.round(s.ourShare * 1000) / 10} %`,
    '#1 organic': s.topOrganic?.name ?? '—',
    'sponsored tiles': String(s.sponsoredTiles),
    'organic top N': organic.map((tile) => tile.name ?? '?').join(' | '),
  };
}
