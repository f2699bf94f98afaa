import type { MarketAccuracy } from '../accuracy/market-accuracy.ts';
import type { PageStatus } from '../extract/types.ts';
import type { MarketScorecard } from '../scorecard/types.ts';

/** A figure over days, oldest first: `[date, value]`, value null on a day it was not read or not ranked. */
export type Series = Array<[string, number | null]>;

/** The figures of one row over days: rank and share for search, position and share for a category, slots for a placement page. */
export interface RowSeries {
  rank?: Series;
  share?: Series;
  position?: Series;
  slots?: Series;
  /** The market's second-reader accuracy (under ACCURACY_SERIES): the share of pages read twice that agreed. */
  accuracy?: Series;
}

/** The series key of a market's accuracy, beside its rows' keys. */
export const ACCURACY_SERIES = 'market|accuracy';

/** How many days of figures a view keeps for its trend charts (the 7, 30 and 90 day views read from these). */
export const SERIES_DAYS = 90;

/** A market's search rows are stored (and shown) this many to a part, so no read or page grows with the market. */
export const SEARCH_ROWS_PER_PART = 200;

/**
 * One site × market of one day, built once when its run finishes (or is replayed) and stored, so a
 * view of it is one read whatever the day's size: its card and the series its charts draw. A large
 * market is stored in parts of SEARCH_ROWS_PER_PART search rows; part 0 also holds its categories,
 * placements and problems. Every part carries the whole market's summary.
 */
export interface MarketView {
  date: string;
  previousDate: string;
  previousDateScanned: boolean;
  card: MarketScorecard;
  /** By row: `search|<page>|<keyword>`, `category|<page>`, `placement|<page>` (rowKey). */
  series: Record<string, RowSeries>;
  /** The whole market in a few figures (its KPIs), whichever part this is. */
  summary: MarketSummary;
  /** Which part of the market this is: its index, how many there are, and its search rows' place. */
  part: { index: number; count: number; firstRow: number; searchRows: number };
  builtAt: string;
}

export interface Mover {
  keyword: string;
  page: string;
  today: number | null;
  yesterday: number | null;
  /** Places gained (positive) or lost (negative); a keyword we dropped out of counts as a loss. */
  change: number;
}

/** What the summary page shows of one site × market. */
export interface MarketSummary {
  site: string;
  market: string;
  pages: number;
  statusCounts: Record<PageStatus, number>;
  keywords: number;
  /** Our organic tiles in the top N over all organic tiles there, across the market's keywords. */
  shareOfSearch: number | null;
  /** What that share is made of, so markets add up: our organic tiles in the top N, and all of them. */
  ourTiles: number;
  organicTiles: number;
  /** Keywords where our product holds organic rank 1. */
  numberOnes: string[];
  /** Keywords where a competitor holds organic rank 1. */
  /** Keywords whose #1 is another brand's: a tracked competitor (`tracked`) or a brand no list names (views stored before it was kept count only tracked ones). */
  competitorNumberOnes: Array<{ keyword: string; brand: string | null; tracked?: boolean }>;
  up: Mover[];
  down: Mover[];
  placements: { held: number; gained: number; lost: number; swapped: number };
  categories: Array<{ category: string; position: number | null; change: number | null }>;
  /** Pages that could not be read cleanly. */
  problems: number;
  /** The second reader's verdict (absent when no page was read twice, or in views stored before it). */
  accuracy?: MarketAccuracy;
}

/** A day across every market on one screen: the page the morning e-mail links. */
export interface DaySummary {
  date: string;
  previousDate: string;
  previousDateScanned: boolean;
  pages: number;
  statusCounts: Record<PageStatus, number>;
  markets: MarketSummary[];
  /** Whether the whole day was also stored as one file (small days); large days are read per market. */
  whole: boolean;
  builtAt: string;
  /**
   * Set when the day's views are not built yet and it is too large to build for one request (its run
   * still going): how many pages it has so far, and its markets, whose pages can be opened already.
   */
  building?: { pages: number; markets: Array<{ site: string; market: string }> };
}

export const rowKey = (row: { kind: string; page: string; keyword?: string | null }) =>
  [row.kind, row.page, ...(row.kind === 'search' ? [row.keyword ?? ''] : [])].join('|');

/** Where the stored views are in the evidence bucket (private, like the evidence). */
export const viewKeys = {
  summary: (date: string) => `scorecards/${date}/summary.json`,
  market: (date: string, site: string, market: string, part = 0) =>
    `scorecards/${date}/markets/${encodeURIComponent(site)}/${encodeURIComponent(market)}/${part}.json`,
  marketCsv: (date: string, site: string, market: string) =>
    `scorecards/${date}/markets/${encodeURIComponent(site)}/${encodeURIComponent(market)}/market.csv`,
  day: (date: string) => `scorecards/${date}/day.json`,
  csv: (date: string) => `scorecards/${date}/day.csv`,
};
