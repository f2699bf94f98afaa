import type { Owner } from './classify.ts';

/** Every job ends in exactly one of these; extraction itself decides only the first three. */
export const PAGE_STATUSES = ['ok', 'selector_miss', 'blocked', 'http_error', 'timeout', 'failed'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/**
 * The statuses extraction decides from a page's HTML: answers about the page. Another attempt
 * would say the same, so a job ending in one is finished, and only pages that ended in one have
 * HTML to extract again (replay). The others (http_error, timeout, failed) are about the attempt.
 */
export const ANSWER_STATUSES = ['ok', 'selector_miss', 'blocked'] as const satisfies readonly PageStatus[];
export type ExtractionStatus = (typeof ANSWER_STATUSES)[number];

export function isAnswer(status: string): status is ExtractionStatus {
  return (ANSWER_STATUSES as readonly string[]).includes(status);
}

/** What one product tile says, before it is ranked. */
export interface Tile {
  name: string | null;
  brand: string | null;
  url: string | null;
  price: number | null;
  priceText: string | null;
  sponsored: boolean;
  /** Any field beyond name, brand, url and price, as text. */
  extra: Record<string, string | null>;
}

export interface RankedTile extends Tile {
  /** 1-based place among all tiles, sponsored included. */
  position: number;
  /** 1-based place among organic tiles; null for sponsored ones. */
  organicRank: number | null;
  owner: Owner;
}

export interface BrandShare {
  brand: string;
  owner: Owner;
  tiles: number;
  /** tiles / organic tiles in the top N, 0..1 */
  share: number;
}

export interface ListingSummary {
  topN: number;
  tiles: number;
  organicTiles: number;
  sponsoredTiles: number;
  ourBestRank: number | null;
  ourBestOrganicRank: number | null;
  ourTilesInTopN: number;
  ourSponsoredTiles: number;
  ourShare: number;
  /** Organic tiles in the top N by brand, largest first. Sponsored tiles are counted apart. */
  shareOfSearch: BrandShare[];
  sponsoredByBrand: Array<Omit<BrandShare, 'share'>>;
  /** Tiles whose brand nobody could tell (no brand field value, no known brand in the name): they count as `(unknown)`. */
  unknownBrandTiles?: number;
  /** Tiles whose price text holds more than one amount (was/now): the price read may be the struck-out one. */
  doublePriceTiles?: number;
  /** Figures that read but look wrong (figure-checks.ts): a unit for a price, a number for a brand… */
  figureWarnings?: string[];
  /** The tile at organic rank 1 (absent on observations stored before it was recorded). */
  topOrganic?: { name: string | null; brand: string | null; owner: Owner } | null;
}

export interface ListingResult {
  kind: 'search' | 'category';
  status: ExtractionStatus;
  tiles: RankedTile[];
  summary: ListingSummary;
}

export interface SlotItem {
  index: number;
  name: string | null;
  brand: string | null;
  url: string | null;
  owner: Owner;
  /** Every other declared field, as tiles carry them (absent on observations stored before). */
  price?: number | null;
  priceText?: string | null;
  sponsored?: boolean;
  extra?: Record<string, string | null>;
}

export interface SlotResult {
  slot: string;
  items: SlotItem[];
}

export interface PlacementResult {
  kind: 'placement';
  status: ExtractionStatus;
  slots: SlotResult[];
  /** Required slots whose selector matched nothing. */
  missingSlots: string[];
  summary: { slotsHeld: Array<{ slot: string; index: number; name: string | null; brand: string | null }> };
}

export type PageResult = ListingResult | PlacementResult;

/** The "unknown brand" bucket in share of search. */
export const UNKNOWN_BRAND = '(unknown)';
