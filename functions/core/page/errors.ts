/** Errors are grouped by what the pipeline does next; each is recorded as the page's status. */

/** The page did not load in time (status `timeout`); worth retrying. */
export class PageTimeoutError extends Error {
  override name = 'PageTimeoutError';
}

/** The browser itself died (Chromium on Lambda runs single-process: one crash kills every tab). */
export class BrowserCrashedError extends Error {
  override name = 'BrowserCrashedError';
}

/** The page tried to reach an address the scraper must never fetch (private, loopback, metadata). */
export class RequestRefusedError extends Error {
  override name = 'RequestRefusedError';
}
