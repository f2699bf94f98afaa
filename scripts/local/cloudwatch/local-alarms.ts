import { resolveValue, type SamTemplate } from '../template.ts';
import type { LocalMetrics } from './local-metrics.ts';

/** A CloudWatch alarm of the template, its dimensions resolved to the local stack's names. */
export interface LocalAlarm {
  logicalId: string;
  description: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  statistic: 'Sum' | 'Maximum' | 'Minimum' | 'Average' | 'SampleCount';
  periodSeconds: number;
  evaluationPeriods: number;
  threshold: number;
  comparison:
    'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/**
 * The template's alarms, evaluated as CloudWatch evaluates a metric alarm: the statistic of each of
 * its last EvaluationPeriods periods against the threshold, a period without data treated as
 * TreatMissingData says; ALARM when every period breaches (here M of N is N of N, as the template
 * sets none otherwise). A change to ALARM is told, as the alarm's action tells the alert topic.
 */
export class LocalAlarms {
  readonly alarms: LocalAlarm[];
  readonly #metrics: LocalMetrics;
  readonly #states = new Map<string, AlarmState>();
  readonly #onAlarm: (alarm: LocalAlarm, reason: string) => void;

  constructor(
    template: SamTemplate,
    refs: Record<string, string>,
    metrics: LocalMetrics,
    onAlarm: (alarm: LocalAlarm, reason: string) => void,
  ) {
    this.#metrics = metrics;
    this.#onAlarm = onAlarm;
    this.alarms = Object.entries(template.resources)
      .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map(([logicalId, resource]) => {
        const props = resource.Properties as Record<string, unknown>;
        return {
          logicalId,
          description: String(props.AlarmDescription ?? ''),
          namespace: resolveValue(props.Namespace, refs),
          metric: String(props.MetricName),
          dimensions: Object.fromEntries(
            ((props.Dimensions ?? []) as Array<{ Name: string; Value: unknown }>).map((dimension) => [
              dimension.Name,
              resolveValue(dimension.Value, refs),
            ]),
          ),
          statistic: props.Statistic as LocalAlarm['statistic'],
          periodSeconds: Number(props.Period),
          evaluationPeriods: Number(props.EvaluationPeriods),
          threshold: Number(props.Threshold),
          comparison: props.ComparisonOperator as LocalAlarm['comparison'],
          treatMissingData: (props.TreatMissingData as LocalAlarm['treatMissingData']) ?? 'missing',
        };
      });
  }

  /** Every alarm's state at `now` (the metrics of its last periods); those that turn to ALARM are told. */
  evaluate(now = Date.now()): Record<string, AlarmState> {
    const states: Record<string, AlarmState> = {};
    for (const alarm of this.alarms) {
      const breaches: Array<boolean | null> = [];
      for (let period = 0; period < alarm.evaluationPeriods; period++) {
        const to = now - period * alarm.periodSeconds * 1000;
        const values = this.#metrics.query(
          alarm.namespace,
          alarm.metric,
          alarm.dimensions,
          to - alarm.periodSeconds * 1000,
          to,
        );
        if (values.length === 0) {
          breaches.push(
            alarm.treatMissingData === 'breaching' ? true : alarm.treatMissingData === 'notBreaching' ? false : null,
          );
          continue;
        }
        breaches.push(compare(statistic(alarm.statistic, values), alarm));
      }
      const state: AlarmState = breaches.every((breach) => breach === true)
        ? 'ALARM'
        : breaches.every((breach) => breach === null)
          ? 'INSUFFICIENT_DATA'
          : 'OK';
      const before = this.#states.get(alarm.logicalId);
      this.#states.set(alarm.logicalId, state);
      if (state === 'ALARM' && before !== 'ALARM')
        this.#onAlarm(
          alarm,
          `${alarm.metric} ${alarm.statistic} ${comparisonWords[alarm.comparison]} ${alarm.threshold} for ${alarm.evaluationPeriods} period(s) of ${alarm.periodSeconds} s`,
        );
      states[alarm.logicalId] = state;
    }
    return states;
  }
}

const comparisonWords: Record<LocalAlarm['comparison'], string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function statistic(kind: LocalAlarm['statistic'], values: number[]): number {
  switch (kind) {
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'SampleCount':
      return values.length;
    default:
      return values.reduce((sum, value) => sum + value, 0) / values.length;
  }
}

function compare(value: number, alarm: LocalAlarm): boolean {
  switch (alarm.comparison) {
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    default:
      return value <= alarm.threshold;
  }
}
