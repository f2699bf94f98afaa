import type { Context } from 'aws-lambda';
import { alertDueRuns, alertRun, type AlertRunDeps } from '../core/alerts/alert-run.ts';
import { integerEnv, optionalEnv, requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { logger } from '../core/log.ts';
import { loadBundledClassified } from '../core/selector-versions/classified.ts';
import { stackSelectorOptions } from '../core/selector-versions/stack-options.ts';
import { classifiedVersions } from '../core/selector-versions/classified.ts';
import { parseAlertsEvent } from './events.ts';
import { traceInvocation } from '../core/aws/tracing.ts';
import { sweepHealth } from '../core/alerts/sweep-health.ts';
import { metrics, metricSink } from '../core/metrics/cloudwatch.ts';

const report = (message: string) => logger.warn(message);
// A broken page's fix is learnt with the selector files its run was read with.
const versions = classifiedVersions(stackSelectorOptions(report));
let bundled: ReturnType<typeof versions> | undefined;
const selectorsOf = (version: number | undefined) =>
  version ? versions(version) : (bundled ??= loadBundledClassified(siteOriginsEnv(), report));

// The daily scan's schedule: a day whose scan never started is alarmed (alerts/day-deadline.ts).
const schedule = {
  scheduleExpression: optionalEnv('SCHEDULE_EXPRESSION', ''),
  timeZone: optionalEnv('SCAN_TIME_ZONE', 'UTC'),
};

const deps: AlertRunDeps = {
  tableName: requireEnv('TABLE_NAME'),
  bucketName: requireEnv('BUCKET_NAME'),
  rules: { rankDrop: integerEnv('ALERT_RANK_DROP', 3, { min: 1, max: 100 }) },
  sinks: {
    topicArn: optionalEnv('ALERT_TOPIC_ARN', '') || undefined,
    webhookUrl: optionalEnv('ALERT_WEBHOOK_URL', '') || undefined,
    file: optionalEnv('ALERT_FILE', '') || undefined,
  },
  apiUrl: optionalEnv('API_URL', '') || undefined,
  runDeadlineMs: integerEnv('RUN_DEADLINE_MINUTES', 180, { min: 5, max: 1_440 }) * 60_000,
  now: () => new Date(),
  // At most a minute of the sweep's two: the alerts go out whatever is left untried.
  fixes: { selectorsOf, stackName: optionalEnv('STACK_NAME', '') || undefined, budgetMs: 60_000 },
};

/** Every few minutes: send the alerts of runs that have finished; or, invoked with a run id, that run's. */
export const handler = async (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const parsed = parseAlertsEvent(event);
  logger.resetKeys();
  const sweep = { ...deps, remainingMs: () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY };
  const results = await traceInvocation('alerts sweep', {}, async (annotate) => {
    const done = typeof parsed.runId === 'string' ? [await alertRun(parsed.runId, sweep)] : await alertDueRuns(sweep);
    annotate('runIds', done.map((run) => run.runId).join(','));
    return done;
  });
  if (typeof parsed.runId !== 'string') {
    const health = await sweepHealth(results, { ...schedule, tableName: deps.tableName, now: deps.now() });
    for (const [name, value] of Object.entries(health)) metricSink.count(name, value);
    metrics.publishStoredMetrics();
  }
  for (const run of results.filter((r) => r.status !== 'waiting')) {
    const failed = run.deliveries.filter((delivery) => !delivery.ok);
    const log = failed.length ? logger.error.bind(logger) : logger.info.bind(logger);
    log('run alerts', {
      runId: run.runId,
      date: run.date,
      status: run.status,
      alerts: run.alerts.length,
      kinds: run.alerts.map((a) => a.kind),
      deliveries: run.deliveries,
      fixes: run.fixes,
      markets: run.markets,
    });
  }
  return { runs: results };
};
