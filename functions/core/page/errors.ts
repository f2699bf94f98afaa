/** Errors are grouped by what the pipeline does next; each is recorded as the page's status. */

/** The page did not load in time (status `timeout`); worth retrying. */
export class PageTimeoutError extends Error {
  override name = 'PageTimeoutError';
}

/** The browser itself died (Chromium on Lambda runs single-process: one crash kills every tab). */
export class BrowserCrashedError extends Error {
  override name = 'BrowserCrashedError';
}

/**
 * The page (or a redirect of it) tried to reach an address the scraper must never fetch: private,
 * loopback, metadata, or a non-http(s) scheme. Status `failed`, never retried: the next try would be refused too.
 */
export class RequestRefusedError extends Error {
  override name = 'RequestRefusedError';
}

/**
 * The page's own script or a meta refresh navigated away while it was being read. Status `failed`,
 * not retried: the page does the same every time.
 */
export class PageNavigatedError extends Error {
  override name = 'PageNavigatedError';
}

/** The page is larger than the scraper reads (a hostile or broken page). Status `failed`, not retried. */
export class PageTooLargeError extends Error {
  override name = 'PageTooLargeError';
}
