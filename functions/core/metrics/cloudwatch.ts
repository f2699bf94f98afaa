import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricSink } from './page-metrics.ts';

/** CloudWatch metrics as embedded metric format on stdout (Powertools); namespace from POWERTOOLS_METRICS_NAMESPACE. */
export const metrics = new Metrics({ defaultDimensions: {} });

export const metricSink: MetricSink = {
  count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
  milliseconds: (name, value) => metrics.addMetric(name, MetricUnit.Milliseconds, value),
};
