import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalAlarms } from '../../../scripts/local/cloudwatch/local-alarms.ts';
import { LocalMetrics } from '../../../scripts/local/cloudwatch/local-metrics.ts';
import { readTemplate } from '../../../scripts/local/template.ts';
import { REPO_ROOT } from '../../support/paths.ts';

const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));
const refs = {
  ScrapeFunction: 'ScrapeFunction',
  FanoutFunction: 'FanoutFunction',
  AlertsFunction: 'AlertsFunction',
  HttpApi: 'local',
  'FailedInvocationQueue.QueueName': 'FailedInvocationQueue',
  'AWS::StackName': 'test',
};
const NOW = Date.parse('2026-11-23T08:00:00Z');
const minutes = (n: number) => n * 60_000;

function alarmsWith(
  points: Array<{
    namespace?: string;
    name: string;
    value: number;
    minutesAgo: number;
    dimensions?: Record<string, string>;
  }>,
) {
  const metrics = new LocalMetrics();
  for (const point of points)
    metrics.put({
      namespace: point.namespace ?? 'AWS/Lambda',
      name: point.name,
      dimensions: point.dimensions ?? { FunctionName: 'ScrapeFunction' },
      value: point.value,
      at: NOW - minutes(point.minutesAgo),
    });
  const raised: string[] = [];
  const alarms = new LocalAlarms(template, refs, metrics, (alarm) => raised.push(alarm.logicalId));
  return { states: alarms.evaluate(NOW), raised };
}

describe('The local alarm evaluator, on the template’s alarms', () => {
  it('reads every alarm of the template, each with its metric and threshold', () => {
    const metrics = new LocalMetrics();
    const alarms = new LocalAlarms(template, refs, metrics, () => undefined);
    expect(alarms.alarms.map((alarm) => alarm.logicalId).sort()).toEqual([
      'ApiServerErrorsAlarm',
      'DayNotStartedAlarm',
      'DeadLetterAlarm',
      'FailedInvocationAlarm',
      'FanoutErrorsAlarm',
      'IteratorAgeAlarm',
      'RunOverdueAlarm',
      'ScrapeThrottlesAlarm',
      'SelectorMissAlarm',
      'SweepErrorsAlarm',
      'SweepStoppedAlarm',
    ]);
    expect(alarms.alarms.find((alarm) => alarm.logicalId === 'SweepStoppedAlarm')!.namespace).toBe('shelfwatch/test');
  });

  it('ScrapeThrottlesAlarm: throttles in each of its three 5-minute periods, not in two of them', () => {
    const throttled = (ago: number[]) => ago.map((minutesAgo) => ({ name: 'Throttles', value: 1, minutesAgo }));
    expect(alarmsWith(throttled([1, 6, 11])).states.ScrapeThrottlesAlarm).toBe('ALARM');
    expect(alarmsWith(throttled([1, 6])).states.ScrapeThrottlesAlarm).toBe('OK');
  });

  it('IteratorAgeAlarm: jobs waiting over an hour for ten minutes', () => {
    const age = (ms: number) => [2, 7].map((minutesAgo) => ({ name: 'IteratorAge', value: ms, minutesAgo }));
    expect(alarmsWith(age(3_700_000)).states.IteratorAgeAlarm).toBe('ALARM');
    expect(alarmsWith(age(60_000)).states.IteratorAgeAlarm).toBe('OK');
  });

  it('SweepStoppedAlarm: missing data breaches; a sweep in each period keeps it OK', () => {
    const sweeps = [2, 12, 22].map((minutesAgo) => ({
      namespace: 'shelfwatch/test',
      name: 'SweepsCompleted',
      value: 1,
      minutesAgo,
      dimensions: { service: 'shelfwatch' },
    }));
    expect(alarmsWith([]).states.SweepStoppedAlarm).toBe('ALARM');
    expect(alarmsWith(sweeps).states.SweepStoppedAlarm).toBe('OK');
  });

  it('tells an alarm once when it goes to ALARM', () => {
    const { raised } = alarmsWith([
      { name: 'Errors', value: 1, minutesAgo: 1, dimensions: { FunctionName: 'FanoutFunction' } },
    ]);
    expect(raised.filter((id) => id === 'FanoutErrorsAlarm')).toHaveLength(1);
  });
});
