import type { KinesisStreamRecord } from 'aws-lambda';
import { rm } from 'node:fs/promises';
import { expandTargets, targetKey } from '../../functions/core/jobs/expand.ts';
import { decodeJobRecord } from '../../functions/core/jobs/decode-record.ts';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { marketDayPartition } from '../../functions/core/store/keys.ts';
import { queryAll } from '../../functions/core/store/query-all.ts';
import { startDemoShop } from '../demo-shop/server.ts';
import { startLocalStack } from '../local/stack.ts';
import { scaleSelectors } from './scale-selectors.ts';

export interface ScaleOptions {
  rootDir: string;
  jobs: number;
  sites: number;
  /** Scrape invocations at once on this machine, and pages each reads at once. */
  lambdaConcurrency: number;
  tabs: number;
  shards: number;
  /** One job in this many crashes the scrape function on every attempt (dead-lettered, then redriven). */
  poisonEvery: number;
  /** One batch in this many crashes the function once (retried, then read). */
  crashOnceEvery: number;
  log: (line: string) => void;
}

export interface ScaleReport {
  jobs: number;
  observations: number;
  duplicates: number;
  lost: number;
  deadLettered: number;
  redriven: number;
  wallSeconds: number;
  statuses: Record<string, number>;
  faults: Record<string, number>;
  crashes: number;
}

const DATE = '2026-11-23';
/** Run progress counts every job marker of the run: asked every 10 s, not every second, at 100,000 jobs. */
const POLL_MS = 10_000;

/**
 * A day of `jobs` pages over `sites` × 1 market (each site a copy of the demo shop's static us
 * market) on the local stack at high concurrency, with the demo shop's fault switches on for a
 * share of pages and the scrape function crashing on some batches (its invoke wrapped: the one
 * fault the pipeline cannot be made to produce by itself). Whatever the mapping gives up on is
 * redriven. Then every job must have exactly one observation.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const started = performance.now();
  const { dir, names } = await scaleSelectors(options.rootDir, options.jobs, options.sites);
  const shop = await startDemoShop({ date: DATE });
  // A share of pages misbehave, as retailers do: an error then a recovery, a bot wall, a redesign.
  const faults = [
    {
      name: 'HTTP 500, then recovers',
      fault: { type: 'http500' as const, path: '/search', times: Math.ceil(options.jobs / 500) },
    },
    {
      name: 'bot wall (captcha)',
      fault: { type: 'captcha' as const, path: '/search', times: Math.ceil(options.jobs / 2_000) },
    },
    {
      name: 'layout change',
      fault: { type: 'layout' as const, path: '/search', times: Math.ceil(options.jobs / 2_000) },
    },
  ];
  for (const { fault } of faults) shop.faults.add(fault);
  const stack = await startLocalStack({
    rootDir: options.rootDir,
    dataDir: null,
    selectorsDir: dir,
    siteOrigins: Object.fromEntries(names.map((name) => [name, shop.url])),
    shardCount: options.shards,
    lambdaConcurrency: options.lambdaConcurrency,
    env: { SCRAPE_CONCURRENCY: String(options.tabs), POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  });
  const expected = expandTargets((await loadSelectorDir(dir)).sites).map(targetKey);
  let poisoned = true;
  let crashes = 0;
  let invocations = 0;
  const invoke = stack.functions.scrape.invoke;
  // What a function that runs out of memory or time looks like to its mapping.
  stack.functions.scrape.invoke = async (event) => {
    const records = (event as { Records: KinesisStreamRecord[] }).Records;
    invocations += 1;
    const poison = poisoned && records.some((record, index) => isPoison(record, index, options.poisonEvery));
    if (poison || invocations % options.crashOnceEvery === 0) {
      crashes += 1;
      throw new Error('Runtime.ExitError: the function crashed (injected)');
    }
    return invoke(event);
  };
  try {
    const run = await stack.scheduledScan(new Date(`${DATE}T06:00:00Z`));
    options.log(`scale: run ${run.runId}, ${run.jobs.toLocaleString('en-US')} jobs on the stream`);
    let lastLine = 0;
    const report = (done: number) => {
      if (performance.now() - lastLine < POLL_MS / 2) return;
      lastLine = performance.now();
      const seconds = (performance.now() - started) / 1000;
      options.log(
        `scale: ${done.toLocaleString('en-US')}/${run.jobs.toLocaleString('en-US')} pages, ${Math.round(done / seconds)} pages/s`,
      );
    };
    let progress = await stack.waitForRun(run.runId, (p) => report(p.jobsExpected - p.pending), 3 * 3_600_000, POLL_MS);
    const deadLettered = new Set(
      stack.events.deadLetters.flatMap((letter) =>
        (letter.payload.Records as KinesisStreamRecord[]).flatMap((record, index) => {
          const decoded = decodeJobRecord(record, index);
          return decoded.ok && isPoison(record, index, options.poisonEvery) ? [targetKey(decoded.record.job)] : [];
        }),
      ),
    );
    options.log(
      `scale: run read, ${deadLettered.size} pages dead-lettered; redriving them with the crash switched off`,
    );
    poisoned = false;
    const redrive = await stack.redrive(run.runId);
    progress = await stack.waitForRun(run.runId, (p) => report(p.jobsExpected - p.pending), 3_600_000, POLL_MS);
    const redriven = redrive.jobs.map(targetKey).filter((key) => deadLettered.has(key)).length;
    // Every item of the day's partitions, as stored (no de-duplication): one per job, or a duplicate.
    const items = (
      await Promise.all(
        names.map((site) =>
          queryAll({
            TableName: stack.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': marketDayPartition(DATE, site, 'us') },
            ProjectionExpression: 'sk, #s, runId',
            ExpressionAttributeNames: { '#s': 'status' },
          }),
        ),
      )
    ).flat();
    const keys = items.map((item) => String(item.sk).slice('OBS#'.length));
    const seen = new Set(keys);
    const statuses: Record<string, number> = {};
    for (const item of items) statuses[String(item.status)] = (statuses[String(item.status)] ?? 0) + 1;
    return {
      jobs: progress.jobsExpected,
      observations: items.filter((item) => item.runId === run.runId).length,
      duplicates: keys.length - seen.size,
      lost: expected.filter((key) => !seen.has(key)).length,
      deadLettered: deadLettered.size,
      redriven,
      wallSeconds: (performance.now() - started) / 1000,
      statuses,
      faults: Object.fromEntries(
        faults.map(({ name, fault }) => [
          name,
          shop.faults.list().find((active) => active.type === fault.type)?.fired ?? 0,
        ]),
      ),
      crashes,
    };
  } finally {
    await stack.close();
    await shop.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function isPoison(record: KinesisStreamRecord, index: number, every: number): boolean {
  const decoded = decodeJobRecord(record, index);
  if (!decoded.ok) return false;
  // Stable across runs and processes: a hash of the target.
  let hash = 0;
  for (const char of targetKey(decoded.record.job)) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash % every === 0;
}

/** The one line the issue asks for, and whether the run lost or doubled anything. */
export function scaleLine(report: ScaleReport): string {
  const all = report.redriven === report.deadLettered ? 'all redriven' : `${report.redriven} redriven`;
  return `scale: jobs ${report.jobs}, observations ${report.observations}, duplicates ${report.duplicates}, lost ${report.lost}, dead-lettered ${report.deadLettered} (${all}), wall ${Math.round(report.wallSeconds)} s`;
}

export function scalePassed(report: ScaleReport): boolean {
  return (
    report.lost === 0 &&
    report.duplicates === 0 &&
    report.observations === report.jobs &&
    report.redriven === report.deadLettered
  );
}
