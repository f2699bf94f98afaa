import type { AsyncFailure } from '../lambda/async-invocation.ts';
import type { InvocationReport } from '../lambda/function-runtime.ts';
import type { SamTemplate } from '../template.ts';
import { LocalAlarms, type AlarmState, type LocalAlarm } from './local-alarms.ts';
import { LocalMetrics } from './local-metrics.ts';

/** An asynchronous invocation Lambda gave up on, as its OnFailure destination (the failed-invocation queue) keeps it. */
export type FailedInvocation = AsyncFailure;

export interface StackCloudWatch {
  metrics: LocalMetrics;
  alarms: LocalAlarms;
  /** Alarms that went to ALARM, in order (each is also printed, as its action tells the alert topic). */
  raised: Array<{ alarm: string; reason: string; at: string }>;
  /** What the failed-invocation queue holds. */
  failedInvocations: FailedInvocation[];
  /** A function's output line: its embedded metrics taken, the rest printed. */
  output(line: string): void;
  /** An invocation's report, as Lambda's own metrics (Invocations, Errors, Duration). */
  report(functionName: string, report: InvocationReport): void;
  /** Every alarm's state now (or at `now`). */
  evaluate(now?: number): Record<string, AlarmState>;
}

/**
 * CloudWatch for the local stack: the metrics its parts report and the template's alarms over them,
 * each with what raises it here as on AWS (docs/local-stack.md, "Alarms").
 */
export function stackCloudWatch(template: SamTemplate, refs: Record<string, string>): StackCloudWatch {
  const metrics = new LocalMetrics();
  const raised: StackCloudWatch['raised'] = [];
  const failedInvocations: FailedInvocation[] = [];
  const alarms = new LocalAlarms(template, refs, metrics, (alarm: LocalAlarm, reason: string) => {
    raised.push({ alarm: alarm.logicalId, reason, at: new Date().toISOString() });
    console.error(`ALARM ${alarm.logicalId}: ${alarm.description} (${reason})`);
  });
  const queueName = refs['FailedInvocationQueue.QueueName'] ?? 'FailedInvocationQueue';
  return {
    metrics,
    alarms,
    raised,
    failedInvocations,
    output(line) {
      if (!metrics.takeEmf(line)) process.stdout.write(`${line}\n`);
    },
    report(functionName, report) {
      const dimensions = { FunctionName: functionName };
      metrics.put({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions, value: 1 });
      metrics.put({ namespace: 'AWS/Lambda', name: 'Errors', dimensions, value: report.error ? 1 : 0 });
      metrics.put({ namespace: 'AWS/Lambda', name: 'Duration', dimensions, value: report.durationMs });
    },
    evaluate(now = Date.now()) {
      // The queue's depth, as SQS reports it every minute.
      metrics.put({
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queueName },
        value: failedInvocations.length,
        at: now - 1,
      });
      return alarms.evaluate(now);
    },
  };
}
