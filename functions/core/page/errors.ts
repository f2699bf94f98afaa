import type { PageStatus } from '../extract/types.ts';

/**
 * What can end reading a page, grouped by what the pipeline does next: each says the status it is
 * recorded as (`failed` unless it says otherwise) and whether another attempt could help (not
 * unless it says so). Anything else that goes wrong is `failed` and retried.
 */
export abstract class PageError extends Error {
  readonly status: PageStatus = 'failed';
  readonly retryable: boolean = false;
}

/** The page did not load in time; worth retrying. */
export class PageTimeoutError extends PageError {
  override name = 'PageTimeoutError';
  override readonly status = 'timeout';
  override readonly retryable = true;
}

/** The browser itself died (Chromium on Lambda runs single-process: one crash kills every tab); the caller replaces it and retries. */
export class BrowserCrashedError extends PageError {
  override name = 'BrowserCrashedError';
  override readonly retryable = true;
}

/** The page (or a redirect of it) tried to reach an address the scraper must never fetch: private, loopback, metadata, or a non-http(s) scheme. */
export class RequestRefusedError extends PageError {
  override name = 'RequestRefusedError';
}

/** The page's own script or a meta refresh navigated away while it was being read; it does the same every time. */
export class PageNavigatedError extends PageError {
  override name = 'PageNavigatedError';
}

/** The page is larger than the scraper reads (a hostile or broken page). */
export class PageTooLargeError extends PageError {
  override name = 'PageTooLargeError';
}
