import { UsageError } from '../commands/command.ts';
import type { SamTemplate } from '../local/template.ts';
import { MEASURED } from './figures.ts';
import type { PlanInput } from './model.ts';

export interface PlanOptions {
  pages?: string | undefined;
  sites?: string | undefined;
  markets?: string | undefined;
  'page-seconds'?: string | undefined;
  rate?: string | undefined;
  tabs?: string | undefined;
  memory?: string | undefined;
  'stream-mode'?: string | undefined;
  shards?: string | undefined;
  'retention-days'?: string | undefined;
}

/** `shelfwatch plan`'s options over the template's parameters and its Jobs mapping: what the model is given. */
export function planInput(values: PlanOptions, template: SamTemplate): PlanInput {
  const parameter = (name: string) => template.parameters[name]?.Default;
  const scrape = template.functions.find((fn) => fn.name === 'scrape');
  const mapping = Object.values(scrape?.events ?? {}).find((event) => event.Type === 'Kinesis')?.Properties;
  if (!mapping) throw new UsageError('the template has no scrape function with a Kinesis event');
  const stream = template.resourceOfType('AWS::Kinesis::Stream').properties as { RetentionPeriodHours?: number };
  const streamMode = values['stream-mode'] ?? String(parameter('StreamMode') ?? 'ON_DEMAND');
  if (streamMode !== 'ON_DEMAND' && streamMode !== 'PROVISIONED')
    throw new UsageError('--stream-mode is ON_DEMAND or PROVISIONED');
  return {
    pages: count(values.pages, '--pages', 1, 10_000_000),
    sites: count(values.sites, '--sites', 1, 1_000),
    markets: count(values.markets, '--markets', 1, 1_000),
    tabsPerFunction: count(values.tabs ?? String(parameter('ScrapeConcurrency')), '--tabs', 1, 16),
    rateConcurrency: count(values.rate ?? '4', '--rate', 1, 64),
    memoryMb: count(values.memory ?? String(parameter('ScrapeMemorySize')), '--memory', 128, 10_240),
    streamMode,
    shardCount: count(values.shards ?? String(parameter('StreamShardCount')), '--shards', 1, 10_000),
    parallelizationFactor: Number(mapping.ParallelizationFactor ?? 1),
    batchSize: Number(mapping.BatchSize ?? 100),
    maximumRecordAgeSeconds: Number(mapping.MaximumRecordAgeInSeconds ?? -1),
    streamRetentionHours: Number(stream.RetentionPeriodHours ?? 24),
    runDeadlineMinutes: Number(parameter('RunDeadlineMinutes') ?? 180),
    historyRetentionDays: count(
      values['retention-days'] ?? String(parameter('HistoryRetentionDays') ?? 0),
      '--retention-days',
      0,
      36_500,
    ),
    evidenceRetentionDays: Number(parameter('EvidenceRetentionDays') ?? 90),
    tabSecondsPerPage: seconds(values['page-seconds']),
  };
}

function count(value: string | undefined, option: string, min: number, max: number): number {
  if (value === undefined) throw new UsageError(`${option} is required`);
  const parsed = Number(value.replaceAll(/[_,]/g, ''));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(
      `${option} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not "${value}"`,
    );
  return parsed;
}

function seconds(value: string | undefined): number {
  if (value === undefined) return MEASURED.tabSecondsPerPage;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 600)
    throw new UsageError(`--page-seconds must be a number of seconds above 0 (up to 600), not "${value}"`);
  return parsed;
}
