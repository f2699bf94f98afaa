/**
 * What one page may cost, whatever it sends: real retailer pages are 0.2–2 MB of HTML, so this is
 * far above any of them and far below what would exhaust a 2 GB function.
 */
export const MAX_HTML_BYTES = 15 * 1024 * 1024;
