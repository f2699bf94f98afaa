import type { LocalFunction } from './functions.ts';
import { invokeEvent } from './lambda/async-invocation.ts';
import type { StackCloudWatch } from './cloudwatch/stack-cloudwatch.ts';

/**
 * The alerts function invoked on a timer with the event the template's schedule sends, as AWS does
 * every 10 minutes, so a scan started with POST /scans is alerted too. One sweep at a time: a slow
 * one is not overlapped. A failed sweep is said, and the next one tries again.
 */
export function startAlertSweep(
  alerts: LocalFunction,
  everyMs: number,
  cloudwatch?: StackCloudWatch,
): { stop(): Promise<void> } {
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(() =>
        invokeEvent(
          alerts,
          { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: new Date().toISOString(), detail: {} },
          // Once its EventInvokeConfig's retries are spent, Lambda sends the event to its OnFailure queue.
          (failure) => cloudwatch?.failedInvocations.push(failure),
        ),
      )
      .catch((error: Error) => console.error(`alerts sweep failed: ${error.message}`));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
