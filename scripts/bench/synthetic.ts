import type { Observation } from '../../functions/core/store/model.ts';
import { observationItem } from '../../functions/core/store/observations/item.ts';
import { writeItems } from '../../functions/core/store/write-items.ts';
import { addDayMarkets } from '../../functions/core/store/days/add-day-markets.ts';

/**
 * A day of plausible observations (ranked tiles, shares) for timing the scorecard API: `count`
 * search pages spread over the given site × markets (the API knows only configured ones),
 * registered on the day index as a scan would.
 */
export async function syntheticDay(
  tableName: string,
  date: string,
  count: number,
  markets: Array<{ site: string; market: string }>,
): Promise<void> {
  const items = Array.from({ length: count }, (_unused, index): Observation => {
    const { site, market } = markets[index % markets.length]!;
    const tiles = Array.from({ length: 24 }, (_u, position) => ({
      name: `Product ${position}`,
      brand: `Brand ${position % 7}`,
      url: null,
      price: 9.99 + position,
      priceText: null,
      sponsored: position % 9 === 0,
      extra: {},
      position: position + 1,
      organicRank: position + 1,
      owner: position % 7 === 0 ? ('ours' as const) : ('other' as const),
    }));
    return {
      site,
      market,
      page: 'search',
      kind: 'search',
      keyword: `keyword ${index}`,
      date,
      runId: 'synthetic',
      status: 'ok',
      message: null,
      pageUrl: null,
      summary: {
        topN: 10,
        tiles: 24,
        organicTiles: 21,
        sponsoredTiles: 3,
        ourBestRank: 1 + (index % 9),
        ourBestOrganicRank: 1 + (index % 8),
        ourTilesInTopN: index % 4,
        ourSponsoredTiles: 0,
        ourShare: (index % 4) / 10,
        shareOfSearch: Array.from({ length: 7 }, (_u, b) => ({
          brand: `Brand ${b}`,
          owner: b === 0 ? ('ours' as const) : ('other' as const),
          tiles: 1 + (b % 2),
          share: 0.1,
        })),
        sponsoredByBrand: [],
      },
      tiles,
      evidence: { html: [], screenshot: null },
      observedAt: new Date().toISOString(),
    };
  });
  await addDayMarkets(
    tableName,
    date,
    items.map((item) => `${item.site}#${item.market}`),
  );
  const written = await writeItems(
    items.map((observation) => observationItem(observation)),
    { tableName },
  );
  if (written.unwritten.length || written.refused.length)
    throw new Error(`synthetic day ${date}: ${written.unwritten.length + written.refused.length} items not written`);
}
