import type { PageResult, PageStatus } from '../extract/types.ts';
import type { RankReads } from '../store/model.ts';

/** What was fetched for one listing page: the evidence extraction ran on. */
export interface Capture {
  url: string;
  finalUrl: string;
  httpStatus: number;
  /** The response's Retry-After header (seconds or a date), for a 429 or 503. */
  retryAfter?: string | null;
  html: string;
  screenshot: Uint8Array | null;
  /** What the browser steps could not do ("step click \"#accept\" found nothing"). */
  notes: string[];
}

/** How reading one job's page ended. Reading never throws for a page's own problems; it says so here. */
export interface PageOutcome {
  status: PageStatus;
  result: PageResult | null;
  captures: Capture[];
  /** Why the status is not ok, for people: "HTTP 500 from https://…". */
  message: string | null;
  /** False when another attempt cannot help (a refused address); otherwise the status decides. */
  retryable?: boolean;
  /** Which way the page was read: with Chromium or a plain fetch (a `render: auto` page decides per job). */
  renderedBy?: 'chrome' | 'static';
  /** A `render: auto` page read both ways: whether the plain fetch read what Chromium read, else the first difference. */
  renderCheck?: { same: boolean; why?: string };
  /** A page read several times (its file's `reads`): our rank on each, median and spread. */
  rankReads?: RankReads;
  /** A page of the second reader's sample, read again (accuracy/second-read.ts). */
  secondRead?: {
    way: 'chrome' | 'static';
    status: PageStatus;
    result: PageResult | null;
    captures: Capture[];
    message: string | null;
    /** The site's accuracy alert threshold, carried to the observation. */
    alertBelow: number;
  };
}
