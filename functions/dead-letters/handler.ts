import { integerEnv, requireEnv } from '../core/config/env.ts';
import { logger } from '../core/log.ts';
import { traceInvocation } from '../core/aws/tracing.ts';
import { metrics, metricSink } from '../core/metrics/cloudwatch.ts';
import { DEAD_LETTER_METRIC } from '../core/metrics/page-metrics.ts';
import { describeDeadJob, recordDeadLetter } from '../core/dead-letters/record-dead-letter.ts';
import { objectCreatedEventSchema } from './events.ts';

const deps = {
  tableName: requireEnv('TABLE_NAME'),
  streamName: requireEnv('STREAM_NAME'),
  retentionDays: integerEnv('HISTORY_RETENTION_DAYS', 0, { min: 0, max: 36_500 }),
  log: logger,
};

/** A failure record in the failure bucket → each of its pages recorded as failed, with the reason. */
export const handler = async (event: unknown) => {
  const { detail } = objectCreatedEventSchema.parse(event);
  logger.resetKeys();
  try {
    const recorded = await traceInvocation('dead letter', {}, async (annotate) => {
      const done = await recordDeadLetter(detail.bucket.name, detail.object.key, deps);
      annotate('runIds', [...new Set(done.recorded.map((job) => job.runId))].join(','));
      return done;
    });
    metricSink.count(DEAD_LETTER_METRIC, recorded.recorded.length);
    logger.error('pages dead-lettered: recorded as failed; put them back with shelfwatch redrive', {
      location: recorded.location,
      condition: recorded.condition,
      pages: recorded.recorded.map(describeDeadJob),
      runs: [...new Set(recorded.recorded.map((job) => job.runId))],
      alreadyFinished: recorded.finished,
      putBackUnread: recorded.putBack.map(describeDeadJob),
      malformed: recorded.malformed.length,
    });
    return recorded;
  } finally {
    metrics.publishStoredMetrics();
  }
};
