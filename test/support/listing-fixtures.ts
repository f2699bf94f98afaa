import type { ListingSummary } from '../../functions/core/extract/types.ts';

/** A search page's summary as extraction makes it: 12 tiles (2 sponsored), our best organic rank 2, 20 % of the top 10. */
export function searchSummary(over: Partial<ListingSummary> = {}): ListingSummary {
  return {
    topN: 10,
    tiles: 12,
    organicTiles: 10,
    sponsoredTiles: 2,
    ourBestRank: 3,
    ourBestOrganicRank: 2,
    ourTilesInTopN: 2,
    ourSponsoredTiles: 0,
    ourShare: 0.2,
    shareOfSearch: [],
    sponsoredByBrand: [],
    ...over,
  };
}
