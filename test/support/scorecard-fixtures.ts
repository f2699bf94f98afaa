import type { BrandShare, ListingSummary } from '../../functions/core/extract/types.ts';
import type { Observation } from '../../functions/core/store/model.ts';

/** Observations as a scan stores them, for building scorecards and pages without a stack. */
export const TODAY = '2026-11-23';
export const YESTERDAY = '2026-11-22';

/** A keyword's top 8 organic tiles, one per brand: 12.5 % each, two of them ours, two tracked competitors. */
export const EIGHT_BRANDS: BrandShare[] = [
  ['Lumière', 'ours'],
  ['Pure Botanica', 'ours'],
  ['Glossier', 'competitor'],
  ['Maybelline', 'competitor'],
  ['Brand E', 'other'],
  ['Brand F', 'other'],
  ['Brand G', 'other'],
  ['Brand H', 'other'],
].map(([brand, owner]) => ({ brand: brand!, owner: owner as BrandShare['owner'], tiles: 1, share: 0.125 }));

export function listing(over: Partial<ListingSummary>): ListingSummary {
  return {
    topN: 8,
    tiles: 8,
    organicTiles: 8,
    sponsoredTiles: 0,
    ourBestRank: 2,
    ourBestOrganicRank: 2,
    ourTilesInTopN: 2,
    ourSponsoredTiles: 0,
    ourShare: 0.25,
    shareOfSearch: EIGHT_BRANDS,
    sponsoredByBrand: [],
    topOrganic: { name: 'Lash Idol', brand: 'Glossier', owner: 'competitor' },
    ...over,
  };
}

export function observation(over: Partial<Observation>): Observation {
  return {
    site: 'shop',
    market: 'fr',
    page: 'search',
    kind: 'search',
    keyword: 'mascara',
    date: TODAY,
    runId: 'r',
    status: 'ok',
    message: null,
    pageUrl: 'https://shop.example/fr/search?q=mascara',
    summary: listing({}),
    evidence: {
      html: [`evidence/${TODAY}/shop/fr/search/mascara/r-p1.html.gz`],
      screenshot: `evidence/${TODAY}/shop/fr/search/mascara/r.jpg`,
    },
    observedAt: '',
    ...over,
  };
}
