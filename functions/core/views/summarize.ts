import type { MarketScorecard, SearchRow } from '../scorecard/types.ts';
import type { MarketSummary, Mover } from './model.ts';

/** Movers listed on the summary per market and direction. */
const MOVERS = 3;

/** A market's card in a few figures, for the summary page. Pure. */
export function summarizeMarket(card: MarketScorecard): MarketSummary {
  const read = card.search.filter((row) => row.status === 'ok');
  const ours = read.reduce((sum, row) => sum + (row.ourTilesInTopN.today ?? 0), 0);
  const organic = read.reduce((sum, row) => sum + (row.organicInTopN ?? 0), 0);
  const moves = read.flatMap((row) => (moveOf(row) ? [moveOf(row)!] : []));
  const placements = card.placements.filter((row) => row.status === 'ok');
  return {
    site: card.site,
    market: card.market,
    pages: Object.values(card.statusCounts).reduce((sum, count) => sum + count, 0),
    statusCounts: card.statusCounts,
    keywords: card.search.length,
    shareOfSearch: organic > 0 ? Math.round((ours / organic) * 10_000) / 10_000 : null,
    ourTiles: ours,
    organicTiles: organic,
    numberOnes: read.filter((row) => row.topTile.today?.owner === 'ours').map((row) => row.keyword),
    // Every keyword another brand holds, tracked competitor or not: one no list names still is not ours.
    competitorNumberOnes: read
      .filter((row) => row.topTile.today && row.topTile.today.owner !== 'ours')
      .map((row) => ({
        keyword: row.keyword,
        brand: row.topTile.today?.brand ?? null,
        tracked: row.topTile.today?.owner === 'competitor',
      })),
    up: moves
      .filter((move) => move.change > 0)
      .sort((a, b) => b.change - a.change)
      .slice(0, MOVERS),
    down: moves
      .filter((move) => move.change < 0)
      .sort((a, b) => a.change - b.change)
      .slice(0, MOVERS),
    placements: {
      held: placements.reduce((sum, row) => sum + row.slotsHeld.length, 0),
      gained: placements.reduce((sum, row) => sum + row.gained.length, 0),
      lost: placements.reduce((sum, row) => sum + row.lost.length, 0),
      swapped: placements.reduce((sum, row) => sum + row.swapped.length, 0),
    },
    categories: card.categories.map((row) => ({
      category: row.category,
      position: row.status === 'ok' ? row.ourBestPosition.today : null,
      change: row.ourBestPosition.change,
    })),
    problems: card.problems.length,
    ...(card.accuracy
      ? { accuracy: { ...card.accuracy, disagreements: card.accuracy.disagreements.slice(0, 3) } }
      : {}),
  };
}

/**
 * A keyword's move since yesterday, when both days were read: places gained or lost; dropping out
 * of the results counts as falling just below the list, coming in as rising from there.
 */
function moveOf(row: SearchRow): Mover | null {
  const { today, yesterday } = row.ourBestOrganicRank;
  if (!row.yesterdayRead || (today === null && yesterday === null)) return null;
  // Not in the results counts as just below the list (or below the other day's rank).
  const outOfList = Math.max(row.topN ?? 10, today ?? 0, yesterday ?? 0) + 1;
  const change = (yesterday ?? outOfList) - (today ?? outOfList);
  return change === 0 ? null : { keyword: row.keyword, page: row.page, today, yesterday, change };
}
