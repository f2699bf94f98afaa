import { z } from 'zod';

/**
 * How a site may be read: how hard (rate), how often again after a block (retry), through which
 * proxies (proxy) and as whom (identity). The defaults are gentle, for a retailer nobody asked.
 */

const PER_MINUTE = 'expected a number of page loads a minute (1 to 6000) or "unlimited"';

export const DEFAULT_RATE = { concurrency: 2, requestsPerMinute: 60, delayMs: 0 } as const;

export const rateSpec = z
  .strictObject({
    /** Pages of this file's site × market at once, across every scrape function (its lanes). */
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64, { error: 'at most 64 pages at once' })
      .default(DEFAULT_RATE.concurrency),
    /** Page loads a minute across the fleet, spread evenly; `unlimited` for a shop of one's own. */
    requestsPerMinute: z
      .union(
        [z.number().int().min(1, { error: PER_MINUTE }).max(6_000, { error: PER_MINUTE }), z.literal('unlimited')],
        { error: PER_MINUTE },
      )
      .default(DEFAULT_RATE.requestsPerMinute),
    /** At least this long between two page loads of the site, across the fleet. */
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(60_000, { error: 'at most 60000 ms between pages' })
      .default(DEFAULT_RATE.delayMs),
  })
  .default(DEFAULT_RATE);

export const retrySpec = z
  .strictObject({
    /** Tries a page gets in one batch when it comes back blocked, 403, 429 or 5xx, each on a new session. */
    tries: z.number().int().min(1).max(6, { error: 'at most 6 tries' }).default(3),
    /** The first wait before another try; it doubles each time (with jitter), and Retry-After wins when longer. */
    backoffMs: z.number().int().min(0).max(60_000).default(2_000),
    /** No wait is longer than this, whatever Retry-After asks for. */
    maxBackoffMs: z.number().int().min(0).max(120_000).default(20_000),
  })
  .default({ tries: 3, backoffMs: 2_000, maxBackoffMs: 20_000 });

/**
 * Where a proxy pool's URLs are kept, never the URLs themselves: `env:NAME` (a local run),
 * `ssm:/shelfwatch/proxies/<name>` (a SecureString parameter), `secret:shelfwatch/proxies/<name>`
 * (a Secrets Manager secret). The scrape role may read only those prefixes (template.yaml).
 */
export const PROXY_REF_PATTERN =
  /^(env:[A-Z][A-Z0-9_]*|ssm:\/shelfwatch\/proxies\/[\w./-]+|secret:shelfwatch\/proxies\/[\w./-]+)$/;

export const proxySpec = z.strictObject({
  pool: z.string().regex(PROXY_REF_PATTERN, {
    error:
      'expected a reference, never the proxy URL itself: env:NAME, ssm:/shelfwatch/proxies/<name> or secret:shelfwatch/proxies/<name>',
  }),
});

export const identitySpec = z.strictObject({
  /** Replaces the browser's own user agent (the default), for a site that wants a particular one. */
  userAgent: z.string().trim().min(10).max(500).optional(),
  /** The browser's timezone (IANA name); by default the market's, from the locale's region. */
  timezone: z
    .string()
    .refine(isTimeZone, { error: (issue) => `not a timezone this runtime knows: ${JSON.stringify(issue.input)}` })
    .optional(),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type RateSpec = z.output<typeof rateSpec>;
export type RetrySpec = z.output<typeof retrySpec>;
export type ProxySpec = z.output<typeof proxySpec>;
export type IdentitySpec = z.output<typeof identitySpec>;
