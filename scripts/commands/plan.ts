import path from 'node:path';
import { parseArgs } from 'node:util';
import { MEASURED } from '../plan/figures.ts';
import { formatPlan, targetsMet } from '../plan/format.ts';
import { planDay, type PlanInput } from '../plan/model.ts';
import { readTemplate } from '../local/template.ts';
import { UsageError, type Command } from './command.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'how long a day of N pages takes on the deployed stack and what it costs, from template.yaml',
  usage: `shelfwatch plan --pages <n> --sites <n> --markets <n> [options]

  Reads template.yaml's parameters (their defaults, or the values given here) and the figures
  measured on this project's pages (docs/performance.md), and prints the stream's slots, the wall
  time of a daily run (its busiest slot, not the mean), whether a record would outlive its age
  limit, and the cost per day and per 1,000 pages, item by item. Exits 1 when a target is missed.

  --pages <n>            pages a day (jobs: keywords × pages × markets)
  --sites <n>            retailer sites
  --markets <n>          markets per site
  --page-seconds <s>     a page's time in a busy tab (default ${MEASURED.tabSecondsPerPage}, measured on the demo
                         shop; real retailers are 2 to 5 times slower)
  --rate <n>             pages of one market at once (selector files' rate.concurrency; default 4)
  --tabs <n>             ScrapeConcurrency (default: the template's)
  --memory <mb>          ScrapeMemorySize (default: the template's)
  --stream-mode <mode>   StreamMode, ON_DEMAND or PROVISIONED (default: the template's)
  --shards <n>           StreamShardCount when provisioned (default: the template's)
  --retention-days <n>   HistoryRetentionDays (default: the template's)
  --template <file>      default template.yaml`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        pages: { type: 'string' },
        sites: { type: 'string' },
        markets: { type: 'string' },
        'page-seconds': { type: 'string' },
        rate: { type: 'string' },
        tabs: { type: 'string' },
        memory: { type: 'string' },
        'stream-mode': { type: 'string' },
        shards: { type: 'string' },
        'retention-days': { type: 'string' },
        template: { type: 'string', default: 'template.yaml' },
      },
      strict: true,
    });
    const template = await readTemplate(path.resolve(values.template));
    const parameter = (name: string) => template.parameters[name]?.Default;
    const scrape = template.functions.find((fn) => fn.name === 'scrape');
    const mapping = Object.values(scrape?.events ?? {}).find((event) => event.Type === 'Kinesis')?.Properties;
    if (!mapping) throw new UsageError(`${values.template} has no scrape function with a Kinesis event`);
    const stream = template.resourceOfType('AWS::Kinesis::Stream').properties as { RetentionPeriodHours?: number };
    const streamMode = values['stream-mode'] ?? String(parameter('StreamMode') ?? 'ON_DEMAND');
    if (streamMode !== 'ON_DEMAND' && streamMode !== 'PROVISIONED')
      throw new UsageError('--stream-mode is ON_DEMAND or PROVISIONED');
    const input: PlanInput = {
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
    const plan = planDay(input);
    console.log(formatPlan(plan));
    return targetsMet(plan) ? 0 : 1;
  },
};

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
