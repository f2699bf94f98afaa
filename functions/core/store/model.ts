import type { PageResult, PageStatus, RankedTile, SlotResult } from '../extract/types.ts';
import type { JobFilter, Target } from '../jobs/expand.ts';

/** One try at a page, as an observation lists it: when, as which session, and how it ended. */
export interface Attempt {
  at: string;
  /** The session's id (its proxy session's name), never its credentials. */
  session: string;
  status: PageStatus;
  httpStatus: number | null;
  /** How long the next try waited after this one (backoff, or the site's Retry-After). */
  waitMs?: number;
}

/** How one job ended on its day: the row every scorecard figure comes from. */
export interface Observation extends Target {
  date: string;
  runId: string;
  status: PageStatus;
  message: string | null;
  pageUrl: string | null;
  /** Figures of the page (ListingSummary or placement summary); null when nothing was read. */
  summary:
    | Extract<PageResult, { kind: 'search' | 'category' }>['summary']
    | Extract<PageResult, { kind: 'placement' }>['summary']
    | null;
  /** Listing tiles, the first MAX_STORED_TILES of them. */
  tiles?: RankedTile[];
  slots?: SlotResult[];
  missingSlots?: string[];
  /** S3 keys of the gzipped HTML of each page read, and of the screenshot of the first. */
  evidence: { html: string[]; screenshot: string | null; error?: string };
  observedAt: string;
  /** Each try of a page that was turned away (blocked, 403, 429, 5xx) and tried again on a new session. */
  attempts?: Attempt[];
  /** Time the page took to read, extract and store evidence for, in ms. */
  readMs?: number;
  /** Set when the archived HTML was extracted again with later selector files (shelfwatch replay). */
  replayedAt?: string;
  /** The status the page had when it was first read, before any replay. */
  replayedFrom?: PageStatus;
  /** How the page was read: with Chromium, or a plain fetch (`render`; decided per job for `auto`). */
  renderedBy?: 'chrome' | 'static';
  /** A `render: auto` page read both ways this time: the same, or the first difference. */
  renderCheck?: { same: boolean; why?: string };
  /** A page read several times today (its `reads`): our rank on each read, its median and spread. */
  rankReads?: RankReads;
  /** A page of the second reader's sample: its second reading, compared with this one (accuracy/). */
  secondRead?: SecondReading;
  /** Set after the run when a selector fix was found and proven for this broken page (heal/proven-fixes.ts). */
  suggestedFix?: SuggestedFix;
}

/** A proven selector fix for a broken page: what to run to see and apply it, and how much it recovers. */
export interface SuggestedFix {
  command: string;
  /** Known products of the last good day the fix finds again, of how many. */
  recovered: number;
  known: number;
  /** The page it was proven on (the fix is for the page's selectors, so for its other keywords too). */
  provenOn: string;
}

/** Tiles past this are not stored: no scorecard figure looks that deep, and items stay small. */
export const MAX_STORED_TILES = 60;

export const TRIGGERS = ['schedule', 'api', 'cli'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface RunRecord {
  runId: string;
  date: string;
  trigger: Trigger;
  filter: JobFilter;
  jobsExpected: number;
  createdAt: string;
  /** The version of the selector files the run's jobs were made from, and are read with. */
  selectorsVersion?: number;
}

export interface RunProgress extends RunRecord {
  /** Jobs that have an observation, by its latest status (a retried job counts once). */
  done: Record<PageStatus, number>;
  /** Jobs read and not finished: their status may change on another attempt (timeout, HTTP error, failed). */
  retrying: number;
  /** Jobs not finished: retrying, or not read yet. */
  pending: number;
  /** Every job is finished: its status is an answer, or retrying could not help, or its attempts are spent. */
  complete: boolean;
  /** Set when the fan-out could not put every job on the stream. */
  error?: string;
  /** When the run's alerts were sent (absent: not yet). */
  alertedAt?: string;
}

/** One figure two readings of a page gave differently: which, and what each read. */
export interface ReadingDifference {
  figure: string;
  first: string;
  second: string;
}

/** What an observation keeps of its second reading: how, whether it agreed, what differed, its evidence. */
export interface SecondReading {
  /** How the page was read the second time (the first is the observation's `renderedBy`). */
  way: 'chrome' | 'static';
  status: PageStatus;
  /** True when every scorecard figure of the two readings is the same. */
  agree: boolean;
  differences: ReadingDifference[];
  message: string | null;
  evidence: { html: string[]; screenshot: string | null };
  /** The market's accuracy alert threshold when it was read (its selector file's `secondRead.alertBelow`). */
  alertBelow: number;
}

/** Our best organic rank over several reads of a page in one day (accuracy/rank-confidence.ts). */
export interface RankReads {
  /** Each read's rank, the first read first (null: not in the results). */
  ranks: Array<number | null>;
  median: number | null;
  /** Places between the best and the worst read. */
  spread: number;
  /** A spread of UNSTABLE_SPREAD or more: the shelf differs between visits. */
  unstable: boolean;
}
