/** One datapoint, as CloudWatch keeps it: a metric (namespace, name, dimensions), a value, a time. */
export interface Datapoint {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  value: number;
  at: number;
}

/**
 * CloudWatch's metrics, locally: what the functions publish (embedded metric format lines on their
 * stdout, as Lambda ships them), what Lambda, the stream's mapping, API Gateway and SQS report of
 * themselves (Errors, Throttles, IteratorAge, 5xx, ApproximateNumberOfMessagesVisible). The local
 * alarms (alarms.ts) read them.
 */
export class LocalMetrics {
  readonly #points: Datapoint[] = [];

  put(point: Omit<Datapoint, 'at'> & { at?: number }): void {
    this.#points.push({ ...point, at: point.at ?? Date.now() });
    if (this.#points.length > 200_000) this.#points.splice(0, 100_000);
  }

  /** The datapoints of a metric (every dimension given must match) after `from` and up to `to`. */
  query(namespace: string, name: string, dimensions: Record<string, string>, from: number, to: number): number[] {
    return this.#points
      .filter(
        (point) =>
          point.namespace === namespace &&
          point.name === name &&
          point.at > from &&
          point.at <= to &&
          Object.entries(dimensions).every(([key, value]) => point.dimensions[key] === value),
      )
      .map((point) => point.value);
  }

  /**
   * A line of a function's output: an embedded-metric-format record becomes datapoints (and is not
   * printed, as CloudWatch Logs does not show it as text); true when it was one.
   */
  takeEmf(line: string): boolean {
    if (!line.startsWith('{') || !line.includes('"_aws"')) return false;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return false;
    }
    const meta = record._aws as
      | {
          Timestamp: number;
          CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
        }
      | undefined;
    if (!meta?.CloudWatchMetrics) return false;
    for (const directive of meta.CloudWatchMetrics)
      for (const dimensionSet of directive.Dimensions.length ? directive.Dimensions : [[]])
        for (const metric of directive.Metrics) {
          const values = ([] as unknown[]).concat(record[metric.Name]).map(Number);
          const dimensions = Object.fromEntries(dimensionSet.map((key) => [key, String(record[key])]));
          for (const value of values)
            this.put({ namespace: directive.Namespace, name: metric.Name, dimensions, value, at: meta.Timestamp });
        }
    return true;
  }
}
