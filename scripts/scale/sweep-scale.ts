import { startLocalStack } from '../local/stack.ts';
import { writeSyntheticDay } from './synthetic-day.ts';

export interface SweepMeasure {
  pages: number;
  markets: number;
  /** Invocations of the alerts function it took to publish the day and send its alerts. */
  invocations: number;
  /** The most memory one invocation used, and its function's MemorySize (MB). */
  peakMemoryMb: number;
  memoryMb: number;
  /** The longest invocation, and its function's Timeout (s). */
  longestSeconds: number;
  timeoutSeconds: number;
  status: string;
  writeSeconds: number;
}

/**
 * The alerts sweep on a day of `pages` observations, on the strict local stack: the alerts function
 * in its own environment at its template's MemorySize and Timeout, invoked as the sweep invokes it
 * until the run's alerts are sent. What `npm run scale -- --sweep N` prints and the sweep test checks.
 */
export async function measureSweep(
  rootDir: string,
  options: { pages: number; markets: number; log?: (line: string) => void },
): Promise<SweepMeasure> {
  const stack = await startLocalStack({ rootDir, dataDir: null });
  try {
    const started = performance.now();
    const day = await writeSyntheticDay(stack.tableName, {
      date: '2026-11-24',
      pages: options.pages,
      markets: options.markets,
      sites: Math.max(1, Math.round(options.markets / 12)),
      onProgress: (written) => options.log?.(`wrote ${written} of ${options.pages} observations`),
    });
    const writeSeconds = (performance.now() - started) / 1000;
    const result = await stack.alertRun(day.runId);
    const reports = stack.functions.alerts.reports;
    return {
      pages: options.pages,
      markets: options.markets,
      invocations: reports.length,
      peakMemoryMb: Math.max(...reports.map((report) => report.maxMemoryUsedMb)),
      memoryMb: stack.functions.alerts.memoryMb,
      longestSeconds: Math.max(...reports.map((report) => report.durationMs)) / 1000,
      timeoutSeconds: stack.functions.alerts.timeoutSeconds,
      status: result.status,
      writeSeconds,
    };
  } finally {
    await stack.close();
  }
}

/** Each invocation within its function's memory and time, and the run's alerts sent. */
export function sweepWithinLimits(measure: SweepMeasure): boolean {
  return (
    measure.peakMemoryMb <= measure.memoryMb &&
    measure.longestSeconds <= measure.timeoutSeconds &&
    (measure.status === 'sent' || measure.status === 'no_alerts')
  );
}

export function sweepLine(measure: SweepMeasure): string {
  return `sweep: pages ${measure.pages}, markets ${measure.markets}, invocations ${measure.invocations}, peak memory ${measure.peakMemoryMb} of ${measure.memoryMb} MB, longest ${measure.longestSeconds.toFixed(1)} of ${measure.timeoutSeconds} s, alerts ${measure.status} (${sweepWithinLimits(measure) ? 'within' : 'PAST'} the function's limits)`;
}
