import { browserRssMb } from '../core/browser/browser-memory.ts';
import { DEFAULT_PAGES_PER_BROWSER } from '../core/browser/pool.ts';
import { integerEnv, optionalEnv, requireEnv } from '../core/config/env.ts';
import { DEFAULT_PAGE_ATTEMPTS } from '../core/scrape-batch/scrape-batch.ts';
import { createRequestGuard } from '../core/security/request-guard.ts';

/** The scrape function's settings, read once at cold start (template.yaml sets them). */
export const config = {
  tableName: requireEnv('TABLE_NAME'),
  bucketName: requireEnv('BUCKET_NAME'),
  concurrency: integerEnv('SCRAPE_CONCURRENCY', 4, { min: 1, max: 16 }),
  // A browser is renewed when its memory grows to 1.2 × its baseline, or after this many pages.
  pool: {
    pagesPerBrowser: integerEnv('PAGES_PER_BROWSER', DEFAULT_PAGES_PER_BROWSER, { min: 1, max: 10_000 }),
    measure: browserRssMb,
  },
  // The Jobs mapping's MaximumRetryAttempts + 1: after the last attempt a page's status is final.
  pageAttempts: integerEnv('PAGE_ATTEMPTS', DEFAULT_PAGE_ATTEMPTS, { min: 1, max: 10_001 }),
  // Observations expire this many days after their scan day (0: kept forever).
  retentionDays: integerEnv('HISTORY_RETENTION_DAYS', 0, { min: 0, max: 36_500 }),
  // A page never takes longer than this; none is started with less time left (docs/architecture.md, "Time").
  pageBudgetMs: integerEnv('PAGE_BUDGET_MS', 45_000, { min: 1_000, max: 600_000 }),
  readOptions: {
    navigationTimeoutMs: integerEnv('NAVIGATION_TIMEOUT_MS', 20_000, { min: 100, max: 120_000 }),
    settleTimeoutMs: integerEnv('SETTLE_TIMEOUT_MS', 8_000, { min: 100, max: 60_000 }),
  },
  // Never fetch inside the network; a local run names its demo shop here (unset on AWS).
  guard: createRequestGuard({ allowedOrigins: optionalEnv('ALLOWED_PRIVATE_ORIGINS', '').split(',').filter(Boolean) }),
};
