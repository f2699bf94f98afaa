import type { DaySummary, MarketSummary, Mover } from '../views/model.ts';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The day in three lines, for the top of the run's alert message: search, placements and movers,
 * and how the pages went — each figure the summary page shows, so the message and the page agree.
 * Pure.
 */
export function daySummaryLines(summary: DaySummary): [string, string, string] {
  const markets = summary.markets;
  const ours = sum(markets, (m) => m.ourTiles);
  const organic = sum(markets, (m) => m.organicTiles);
  const keywords = sum(markets, (m) => m.keywords);
  const ones = sum(markets, (m) => m.numberOnes.length);
  const theirs = sum(markets, (m) => m.competitorNumberOnes.length);
  const search =
    organic > 0
      ? `Share of search ${percent(ours / organic)} (${count(ours)} of ${count(organic)} organic tiles) · #1 on ${ones} of ${keywords} keywords${theirs ? ` · another brand on ${theirs}` : ''}`
      : `Share of search: no search page read`;

  const held = sum(markets, (m) => m.placements.held);
  const gained = sum(markets, (m) => m.placements.gained);
  const lost = sum(markets, (m) => m.placements.lost);
  const swapped = sum(markets, (m) => m.placements.swapped);
  const up = biggest(
    markets,
    (m) => m.up,
    (a, b) => b.change - a.change,
  );
  const down = biggest(
    markets,
    (m) => m.down,
    (a, b) => a.change - b.change,
  );
  const moves = [up && `▲ ${moveText(up)}`, down && `▼ ${moveText(down)}`].filter(Boolean);
  const shelf = `Placements ${held} held, ${gained} gained, ${lost} lost${swapped ? ` (${swapped} swapped for another of ours)` : ''} · ${moves.length ? `biggest moves ${moves.join(', ')}` : 'no rank moved'}`;

  const attention = markets.filter((m) => m.problems > 0);
  const pages = `Pages ${count(summary.statusCounts.ok)} of ${count(summary.pages)} read cleanly across ${markets.length} market${markets.length === 1 ? '' : 's'}${
    attention.length
      ? ` · ${count(sum(attention, (m) => m.problems))} need attention (${attention
          .slice(0, 3)
          .map((m) => `${m.site}/${m.market}`)
          .join(', ')}${attention.length > 3 ? ` and ${attention.length - 3} more` : ''})`
      : ''
  }`;
  return [search, shelf, pages];
}

const sum = (markets: MarketSummary[], of: (market: MarketSummary) => number) =>
  markets.reduce((total, market) => total + of(market), 0);

function biggest(
  markets: MarketSummary[],
  of: (market: MarketSummary) => Mover[],
  order: (a: Mover, b: Mover) => number,
): (Mover & { where: string }) | null {
  const all = markets.flatMap((market) =>
    of(market).map((move) => ({ ...move, where: `${market.site}/${market.market}` })),
  );
  return all.sort(order)[0] ?? null;
}

const rank = (value: number | null) => (value === null ? 'out' : `#${value}`);
const moveText = (move: Mover & { where: string }) =>
  `“${move.keyword}” ${move.where} ${rank(move.yesterday)}→${rank(move.today)}`;
