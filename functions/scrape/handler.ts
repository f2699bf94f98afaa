import type { Context, KinesisStreamRecord } from 'aws-lambda';
import { guardedLauncher } from '../core/browser/guarded-launcher.ts';
import { createBrowserPool, DEFAULT_PAGES_PER_BROWSER } from '../core/browser/pool.ts';
import { integerEnv, optionalEnv, requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { createClassifier } from '../core/extract/classify.ts';
import { logger } from '../core/log.ts';
import { metrics, metricSink } from '../core/metrics/cloudwatch.ts';
import { recordPageMetrics } from '../core/metrics/page-metrics.ts';
import { DEFAULT_PAGE_ATTEMPTS, scrapeBatch } from '../core/pipeline/scrape-batch.ts';
import { createRequestGuard } from '../core/security/request-guard.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { kinesisEventSchema } from './events.ts';

const config = {
  tableName: requireEnv('TABLE_NAME'),
  bucketName: requireEnv('BUCKET_NAME'),
  concurrency: integerEnv('SCRAPE_CONCURRENCY', 4, { min: 1, max: 16 }),
  // The Jobs mapping's MaximumRetryAttempts + 1: after the last attempt a page's status is final.
  pageAttempts: integerEnv('PAGE_ATTEMPTS', DEFAULT_PAGE_ATTEMPTS, { min: 1, max: 10_001 }),
  // Observations expire this many days after their scan day (0: kept forever).
  retentionDays: integerEnv('HISTORY_RETENTION_DAYS', 0, { min: 0, max: 36_500 }),
  // A page never takes longer than this; none is started with less time left (README "Retries").
  pageBudgetMs: integerEnv('PAGE_BUDGET_MS', 45_000, { min: 1_000, max: 600_000 }),
  readOptions: {
    navigationTimeoutMs: integerEnv('NAVIGATION_TIMEOUT_MS', 20_000, { min: 100, max: 120_000 }),
    settleTimeoutMs: integerEnv('SETTLE_TIMEOUT_MS', 8_000, { min: 100, max: 60_000 }),
  },
  // Never fetch inside the network; a local run names its demo shop here (unset on AWS).
  guard: createRequestGuard({ allowedOrigins: optionalEnv('ALLOWED_PRIVATE_ORIGINS', '').split(',').filter(Boolean) }),
};
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message)).then((set) => ({
  ...set,
  classify: createClassifier(set.tracking),
}));
// Every connection the browser makes goes through a guarding proxy in this process.
const launcher = guardedLauncher(config.guard);
// One browser per container, launched on first use, kept warm across invocations, renewed every
// PAGES_PER_BROWSER pages so its memory stays flat.
const browsers = createBrowserPool(
  launcher.launch,
  integerEnv('PAGES_PER_BROWSER', DEFAULT_PAGES_PER_BROWSER, { min: 1, max: 10_000 }),
);

/** Kinesis batch of jobs → observations, evidence and run progress; failed records reported back. */
export const handler = async (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const { Records } = kinesisEventSchema.parse(event);
  const { sites, classify } = await selectors;
  try {
    return await scrapeBatch(Records as unknown as KinesisStreamRecord[], {
      ...config,
      sites,
      classify,
      browsers,
      refusalsSince: launcher.refusalsSince,
      remainingMs: () => context.getRemainingTimeInMillis(),
      log: logger,
      onObservations: (observations) => recordPageMetrics(observations, metricSink),
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};

/** For the local runner and tests: close the container's browser. */
export const shutdown = async () => {
  await browsers.close();
  await launcher.close();
};
