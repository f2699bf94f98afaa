import type { PageStatus } from '../extract/types.ts';
import type { Observation } from '../store/model.ts';

/** CloudWatch metric names per page status (one metric each, so alarms need no dimensions). */
export const STATUS_METRICS: Record<PageStatus, string> = {
  ok: 'PagesOk',
  selector_miss: 'SelectorMisses',
  blocked: 'PagesBlocked',
  http_error: 'PagesHttpError',
  timeout: 'PagesTimeout',
  failed: 'PagesFailed',
};

export interface MetricSink {
  count(name: string, value: number): void;
  milliseconds(name: string, value: number): void;
}

/** What a batch of observations tells CloudWatch: pages by status and each page's time. */
export function recordPageMetrics(observations: Observation[], sink: MetricSink): void {
  const counts = new Map<string, number>();
  for (const observation of observations) {
    const name = STATUS_METRICS[observation.status];
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (observation.readMs !== undefined) sink.milliseconds('PageTime', observation.readMs);
  }
  for (const [name, value] of counts) sink.count(name, value);
}

/** Pages of batches the stream's mapping gave up on, counted by the dead-letter function; > 0 raises DeadLetterAlarm. */
export const DEAD_LETTER_METRIC = 'DeadLetteredPages';
