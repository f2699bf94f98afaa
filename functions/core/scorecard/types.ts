import type { MarketAccuracy } from '../accuracy/market-accuracy.ts';
import type { RankReads } from '../store/model.ts';
import type { Target } from '../jobs/expand.ts';
import type { BrandShare, PageStatus } from '../extract/types.ts';
import type { Owner } from '../extract/classify.ts';
import type { SuggestedFix } from '../store/model.ts';
import type { PageKind } from '../jobs/expand.ts';

/** A figure today, yesterday and the change; change is positive when things got better for us. */
export interface Trend {
  today: number | null;
  yesterday: number | null;
  change: number | null;
}

/** Where a row's figures come from: the page read and its archived evidence (S3 keys). */
export interface EvidenceRef {
  pageUrl: string | null;
  screenshot: string | null;
  html: string | null;
  /** The run that read the page (a day's card mixes runs; a run's alerts are about its own rows). */
  runId?: string;
}

/** The tile at organic rank 1: who holds the top slot. */
export interface TopTile {
  name: string | null;
  brand: string | null;
  owner: Owner;
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
  /** Organic tiles in the top N today (fewer than N on a short list): what our share is out of. */
  organicInTopN: number | null;
  ourShare: Trend;
  shareOfSearch: BrandShare[];
  sponsored: { ours: number; byBrand: Array<Omit<BrandShare, 'share'>> };
  /** Whether yesterday's page was read cleanly: only then do today's figures have a change. */
  yesterdayRead: boolean;
  /** The page read several times today: each read's rank, the median (ourBestOrganicRank.today) and the spread. */
  rankReads?: RankReads;
  /** Who held organic rank 1 today and yesterday (null: not read, or a page without the figure). */
  topTile: { today: TopTile | null; yesterday: TopTile | null };
  /** How well the tiles read: what selector health warns of (absent on older observations). */
  tileChecks?: TileChecks | null;
  evidence: EvidenceRef;
}

/** Of a listing page's tiles today: how many had no brand anyone could tell, how many showed two prices. */
export interface TileChecks {
  tiles: number;
  unknownBrand: number;
  doublePrice: number;
  sponsored: number;
  /** What the figure checks said of this page's tiles (empty when nothing looked wrong). */
  figureWarnings?: string[];
}

export interface CategoryRow {
  category: string;
  status: PageStatus;
  topN: number | null;
  ourBestPosition: Trend;
  /** The page read several times today: each read's position, the median (ourBestPosition.today) and the spread. */
  rankReads?: RankReads;
  ourTilesInTopN: Trend;
  organicInTopN: number | null;
  ourShare: Trend;
  tileChecks?: TileChecks | null;
  evidence: EvidenceRef;
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
  /**
   * Since yesterday, per slot: one more of ours there (gained), one fewer (lost), or one of ours
   * replaced by another of ours (swapped: neither gained nor lost).
   */
  gained: HeldSlot[];
  lost: HeldSlot[];
  swapped: Array<{ from: HeldSlot; to: HeldSlot }>;
  evidence: EvidenceRef;
}

export interface ProblemRow {
  kind: PageKind;
  page: string;
  keyword: string | null;
  status: PageStatus;
  message: string | null;
  /** For selector_miss: the first day of the current run of misses ("selector broken since"). */
  brokenSince?: string;
  /** The last day (within the lookback) this page was read cleanly; null when none was. Set with brokenSince. */
  lastGood?: string | null;
  /** The first day (within the lookback) this page was scanned at all: a page new today has today. Set with brokenSince. */
  firstScanned?: string | null;
  /** A selector fix found and proven after the run (heal/proven-fixes.ts): the command that shows it. */
  fix?: SuggestedFix;
  evidence: EvidenceRef;
}

export interface MarketScorecard {
  site: string;
  market: string;
  statusCounts: Record<PageStatus, number>;
  search: SearchRow[];
  categories: CategoryRow[];
  placements: PlacementRow[];
  /** Pages that were not read cleanly: failed, blocked, or whose selectors broke. */
  problems: ProblemRow[];
  /**
   * Search pages (by name) with no sponsored tile on any keyword today that had some on many
   * recent days: a sponsored selector gone stale (scorecard/sponsored-history.ts).
   */
  sponsoredGone?: Record<string, SponsoredGone>;
  /** `render: auto` pages (by `kind#page`): how their jobs were read today, and what the checks found. */
  autoRender?: Record<string, AutoRenderDay>;
  /** The second reader's verdict on this market today (accuracy/market-accuracy.ts); absent when no page was read twice. */
  accuracy?: MarketAccuracy;
}

export interface AutoRenderDay {
  /** Jobs read with a plain fetch, and with Chromium (checks and fallbacks included). */
  plain: number;
  chrome: number;
  /** Jobs read both ways today, and the first difference a check found (null: they agreed). */
  checks: number;
  differed: string | null;
}

export interface SponsoredGone {
  /** The last day with a sponsored tile. */
  lastSeen: string;
  /** Days with sponsored tiles within the lookback. */
  daysWith: number;
  lookbackDays: number;
}

export interface Scorecard {
  date: string;
  previousDate: string;
  /** Whether anything was scanned on previousDate: without it there is no change to show (a first day). */
  previousDateScanned: boolean;
  pages: number;
  statusCounts: Record<PageStatus, number>;
  /** One card per site × market (named `targets` in the JSON the API serves, for compatibility). */
  targets: MarketScorecard[];
}

/** The target a row of a market's card is about (the key its history is stored under). */
export function rowTarget(
  card: Pick<MarketScorecard, 'site' | 'market'>,
  row: { kind: Target['kind']; page: string; keyword?: string | null },
): Target {
  return {
    site: card.site,
    market: card.market,
    page: row.page,
    kind: row.kind,
    ...(row.keyword ? { keyword: row.keyword } : {}),
  };
}
