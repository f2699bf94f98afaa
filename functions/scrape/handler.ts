import type { Context, KinesisStreamRecord } from 'aws-lambda';
import { guardedLauncher } from '../core/browser/guarded-launcher.ts';
import { createBrowserPool } from '../core/browser/pool.ts';
import { siteOriginsEnv } from '../core/config/env.ts';
import { logger } from '../core/log.ts';
import { traceInvocation } from '../core/aws/tracing.ts';
import { runIdsOf } from '../core/jobs/decode-record.ts';
import { metrics, metricSink } from '../core/metrics/cloudwatch.ts';
import { recordPageMetrics } from '../core/metrics/page-metrics.ts';
import { scrapeBatch } from '../core/scrape-batch/scrape-batch.ts';
import { sitePacer } from '../core/politeness/site-pace.ts';
import { poolResolver } from '../core/sessions/resolve-pool.ts';
import { createSessionPool } from '../core/sessions/session-pool.ts';
import { loadBundledClassified } from '../core/selector-versions/classified.ts';
import { stackSelectorOptions } from '../core/selector-versions/stack-options.ts';
import { classifiedVersions } from '../core/selector-versions/classified.ts';
import { config } from './config.ts';
import { kinesisEventSchema } from './events.ts';

const warn = (message: string) => logger.warn(message);
const selectors = loadBundledClassified(siteOriginsEnv(), warn);
// Each job is read with its run's version of the selector files (versions never change: cached).
const selectorsOf = classifiedVersions(stackSelectorOptions(warn));
// Every connection the browser makes goes through a guarding proxy in this process.
const launcher = guardedLauncher(config.guard);
// One browser per container (and proxy session), kept warm across invocations, renewed when its memory grows.
const browsers = createBrowserPool(launcher.launch, config.pool);
// Sessions per site stay while they work; proxy pools are read once. Loads are paced fleet-wide.
const sessions = createSessionPool(poolResolver());
const pace = sitePacer(config.tableName);

/** Kinesis batch of jobs → observations, evidence and run progress; failed records reported back. */
export const handler = async (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const { Records } = kinesisEventSchema.parse(event);
  const records = Records as unknown as KinesisStreamRecord[];
  // Every line and the trace of this batch name its runs: a run is followed from the fan-out to the sweep.
  const runIds = runIdsOf(records);
  logger.resetKeys();
  logger.appendKeys({ runIds });
  const { sites, classify } = await selectors;
  try {
    return await traceInvocation('scrape batch', { runIds: runIds.join(',') }, () =>
      scrapeBatch(records, {
        ...config,
        sites,
        classify,
        selectorsOf,
        browsers,
        sessions,
        pace,
        refusalsSince: launcher.refusalsSince,
        remainingMs: () => context.getRemainingTimeInMillis(),
        log: logger,
        onObservations: (observations) => recordPageMetrics(observations, metricSink),
      }),
    );
  } finally {
    metrics.publishStoredMetrics();
  }
};

/** For the local runner and tests: close the container's browser. */
export const shutdown = async () => {
  await browsers.close();
  await launcher.close();
};
