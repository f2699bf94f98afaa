import type { BrandShare, PageStatus } from '../extract/types.ts';
import type { PageKind } from '../jobs/expand.ts';

/** A figure today, yesterday and the change; change is positive when things got better for us. */
export interface Trend {
  today: number | null;
  yesterday: number | null;
  change: number | null;
}

export interface SearchRow {
  /** The search page's name in its selector file (usually "search"). */
  page: string;
  keyword: string;
  status: PageStatus;
  topN: number | null;
  ourBestOrganicRank: Trend;
  ourBestRank: Trend;
  ourTilesInTopN: Trend;
  ourShare: Trend;
  shareOfSearch: BrandShare[];
  sponsored: { ours: number; byBrand: Array<Omit<BrandShare, 'share'>> };
}

export interface CategoryRow {
  category: string;
  status: PageStatus;
  topN: number | null;
  ourBestPosition: Trend;
  ourTilesInTopN: Trend;
  ourShare: Trend;
}

export interface HeldSlot {
  slot: string;
  index: number;
  name: string | null;
  brand: string | null;
}

export interface PlacementRow {
  page: string;
  status: PageStatus;
  slotsHeld: HeldSlot[];
  /** Held today, not yesterday / held yesterday, not today (by slot and product). */
  gained: HeldSlot[];
  lost: HeldSlot[];
}

export interface ProblemRow {
  kind: PageKind;
  page: string;
  keyword: string | null;
  status: PageStatus;
  message: string | null;
  /** For selector_miss: the first day of the current run of misses ("selector broken since"). */
  brokenSince?: string;
}

export interface TargetScorecard {
  site: string;
  market: string;
  statusCounts: Record<PageStatus, number>;
  search: SearchRow[];
  categories: CategoryRow[];
  placements: PlacementRow[];
  /** Pages that were not read cleanly: failed, blocked, or whose selectors broke. */
  problems: ProblemRow[];
}

export interface Scorecard {
  date: string;
  previousDate: string;
  pages: number;
  statusCounts: Record<PageStatus, number>;
  targets: TargetScorecard[];
}
