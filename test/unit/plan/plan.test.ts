import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEASURED } from '../../../scripts/plan/figures.ts';
import { formatPlan, targetsMet } from '../../../scripts/plan/format.ts';
import { planDay, type PlanInput } from '../../../scripts/plan/model.ts';
import { readTemplate } from '../../../scripts/local/template.ts';
import { UsageError } from '../../../scripts/commands/command.ts';
import { planInput } from '../../../scripts/plan/input.ts';
import { REPO_ROOT } from '../../support/paths.ts';

const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));
const defaults: PlanInput = {
  pages: 10_000,
  sites: 5,
  markets: 12,
  tabsPerFunction: 4,
  rateConcurrency: 4,
  memoryMb: 2048,
  streamMode: 'ON_DEMAND',
  shardCount: 2,
  parallelizationFactor: 10,
  batchSize: 20,
  maximumRecordAgeSeconds: -1,
  streamRetentionHours: 24,
  runDeadlineMinutes: 180,
  historyRetentionDays: 180,
  evidenceRetentionDays: 90,
  tabSecondsPerPage: MEASURED.tabSecondsPerPage,
};

describe('The plan of a day', () => {
  it('is the same for the same input (the lanes’ placements are drawn from a seed)', () => {
    expect(planDay(defaults)).toEqual(planDay(defaults));
  });

  it('takes its wall time from the busiest slot, never less than the mean one, and adds up its costs', () => {
    const plan = planDay(defaults);
    expect(plan.slots).toBe(40);
    expect(plan.lanes).toBe(5 * 12 * 4);
    expect(plan.busiestSlotSeconds).toBeGreaterThanOrEqual(plan.meanSlotSeconds);
    expect(plan.busiestSlotSeconds).toBeGreaterThanOrEqual(plan.medianBusiestSlotSeconds);
    expect(plan.wallSeconds).toBeCloseTo(plan.fanoutSeconds + MEASURED.coldStartSeconds + plan.busiestSlotSeconds);
    expect(plan.perDay).toBeCloseTo(plan.costs.reduce((sum, line) => sum + line.perDay, 0));
    expect(plan.perThousandPages).toBeCloseTo((plan.perDay / 10_000) * 1_000);
  });

  it('one key per market (rate 1) leaves the busiest slot further above the mean than a market’s four lanes do', () => {
    const lanes = planDay({ ...defaults, pages: 100_000 });
    const single = planDay({ ...defaults, pages: 100_000, rateConcurrency: 1 });
    expect(single.busiestSlotSeconds).toBeGreaterThan(lanes.busiestSlotSeconds);
  });

  it('counts the records a too-short MaximumRecordAgeInSeconds throws away (one shard, an hour, slow pages)', () => {
    const tight = {
      ...defaults,
      pages: 100_000,
      streamMode: 'PROVISIONED' as const,
      shardCount: 1,
      maximumRecordAgeSeconds: 3_600,
      tabSecondsPerPage: 2,
    };
    const lost = planDay(tight);
    expect(lost.recordsPastAge).toBeGreaterThan(0);
    expect(lost.recordsPastAge).toBeLessThan(100_000);
    expect(targetsMet(lost)).toBe(false);
    expect(formatPlan(lost)).toContain(
      `0 records past their age: ${lost.recordsPastAge.toLocaleString('en-US')}, missed`,
    );
    // The template's -1 waits for the stream's 24 hours: nothing is thrown away.
    expect(planDay({ ...tight, maximumRecordAgeSeconds: -1 }).recordsPastAge).toBe(0);
  });

  it('prices storage by the history kept: forever is a year’s worth after a year, more than 180 days', () => {
    const storage = (days: number) =>
      planDay({ ...defaults, historyRetentionDays: days }).costs.find((line) =>
        line.item.startsWith('DynamoDB: storage'),
      )!;
    expect(storage(0).item).toContain('kept forever');
    expect(storage(0).perDay).toBeGreaterThan(storage(180).perDay);
    expect(storage(180).perDay).toBeCloseTo(storage(90).perDay * 2, 1);
  });

  it('meets the README’s targets with the template’s defaults: 10,000 pages in 15 min, 100,000 at $0.10 per 1,000, no record lost', () => {
    expect(targetsMet(planDay(defaults))).toBe(true);
    expect(planDay(defaults).wallSeconds).toBeLessThanOrEqual(15 * 60);
    const large = planDay({ ...defaults, pages: 100_000 });
    expect(targetsMet(large)).toBe(true);
    expect(large.perThousandPages).toBeLessThanOrEqual(0.1);
    expect(large.recordsPastAge).toBe(0);
  });

  it('reads the template’s defaults (the ones this test assumes)', () => {
    const parameter = (name: string) => template.parameters[name]?.Default;
    const jobs = template.functions.find((fn) => fn.name === 'scrape')!.events.Jobs!.Properties;
    expect({
      tabsPerFunction: parameter('ScrapeConcurrency'),
      memoryMb: parameter('ScrapeMemorySize'),
      streamMode: parameter('StreamMode'),
      historyRetentionDays: parameter('HistoryRetentionDays'),
      runDeadlineMinutes: parameter('RunDeadlineMinutes'),
      parallelizationFactor: jobs.ParallelizationFactor,
      batchSize: jobs.BatchSize,
      maximumRecordAgeSeconds: jobs.MaximumRecordAgeInSeconds,
    }).toEqual({
      tabsPerFunction: defaults.tabsPerFunction,
      memoryMb: defaults.memoryMb,
      streamMode: defaults.streamMode,
      historyRetentionDays: defaults.historyRetentionDays,
      runDeadlineMinutes: defaults.runDeadlineMinutes,
      parallelizationFactor: defaults.parallelizationFactor,
      batchSize: defaults.batchSize,
      maximumRecordAgeSeconds: defaults.maximumRecordAgeSeconds,
    });
  });
});

describe('shelfwatch plan’s options', () => {
  it.each([
    [{ sites: '5', markets: '12' }, '--pages is required'],
    [{ pages: 'lots', sites: '5', markets: '12' }, '--pages must be a whole number from 1 to 10,000,000, not "lots"'],
    [{ pages: '10', sites: '0', markets: '1' }, '--sites must be a whole number from 1'],
    [{ pages: '10', sites: '1', markets: '1', 'stream-mode': 'FAST' }, '--stream-mode is ON_DEMAND or PROVISIONED'],
    [
      { pages: '10', sites: '1', markets: '1', 'page-seconds': '0' },
      '--page-seconds must be a number of seconds above 0',
    ],
  ])('refuses %j with a clear message (a usage error: exit 2 with the usage)', (values, message) => {
    expect(() => planInput(values, template)).toThrow(UsageError);
    expect(() => planInput(values, template)).toThrow(message);
  });
});

describe('The cost section of docs/deploy.md', () => {
  it('is shelfwatch plan’s output, as printed today, for every plan it shows', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parseArgs } = await import('node:util');
    const readme = await readFile(path.join(REPO_ROOT, 'docs/deploy.md'), 'utf8');
    const blocks = [...readme.matchAll(/```\n\$ npx shelfwatch plan (.+)\n([\s\S]*?)\n```/g)];
    expect(blocks.map((block) => block[1])).toEqual([
      '--pages 10000 --sites 5 --markets 12',
      '--pages 100000 --sites 5 --markets 12',
    ]);
    for (const [, args, printed] of blocks) {
      const { values } = parseArgs({
        args: args!.split(' '),
        options: { pages: { type: 'string' }, sites: { type: 'string' }, markets: { type: 'string' } },
      });
      expect(printed, `docs/deploy.md: shelfwatch plan ${args}`).toBe(formatPlan(planDay(planInput(values, template))));
    }
  });
});
