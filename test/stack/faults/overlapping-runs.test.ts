import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { expandTargets, targetKey } from '../../../functions/core/jobs/expand.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import type { Observation, RunProgress } from '../../../functions/core/store/model.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { BUNDLED_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer } from '../../support/sign-in.ts';

/**
 * The daily scan, a double-clicked POST /scans for the same market (two requests at the same
 * moment) and a manual scan of everything, all during one another, with every job's records in
 * the same batches: each run finishes with every one of its pages, the day keeps one observation
 * per page, and nothing is dead-lettered. (Before, the batch write held duplicate keys and
 * DynamoDB refused it whole, again and again: 50 of 52 overlapping runs never completed.)
 */
const DATE = '2026-11-24';
let shop: DemoShop;
let stack: LocalStack;
let selectorsDir: string;
const runs: RunProgress[] = [];
let observations: Observation[];
let expectedKeys: string[];

beforeAll(async () => {
  selectorsDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-overlap-'));
  await cp(path.join(REPO_ROOT, 'selectors'), selectorsDir, { recursive: true });
  // More keywords, so each run has enough pages to be in flight while the others start.
  for (const market of BUNDLED_MARKETS) {
    const file = path.join(selectorsDir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.pages[0].keywords = [...site.pages[0].keywords, 'nordlys', 'glowco', 'kosmo', 'zz-1', 'zz-2'];
    await writeFile(file, stringify(site));
  }
  expectedKeys = expandTargets((await loadSelectorDir(selectorsDir)).sites)
    .map(targetKey)
    .sort();
  shop = await startDemoShop({ date: DATE });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir,
    siteOrigins: { 'demo-shop': shop.url },
    env: { SCRAPE_CONCURRENCY: '4' },
  });
  const headers = await bearer(stack);
  const post = (body: unknown) =>
    fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    }).then(async (response) => {
      expect(response.status).toBe(202);
      return ((await response.json()) as { runId: string }).runId;
    });
  const scheduled = stack.scheduledScan(new Date(`${DATE}T06:00:00Z`)).then((run) => run.runId);
  const [daily, click1, click2, manual] = await Promise.all([
    scheduled,
    post({ markets: ['fr'] }),
    post({ markets: ['fr'] }),
    post({}),
  ]);
  for (const runId of [daily, click1, click2, manual]) runs.push(await stack.waitForRun(runId!, undefined, 300_000));
  observations = await queryDay(stack.tableName, DATE);
}, 400_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  await rm(selectorsDir, { recursive: true, force: true });
});

describe('Overlapping runs of the same pages', () => {
  it('every run finishes with every one of its pages read', () => {
    const frJobs = expectedKeys.filter((key) => key.startsWith('demo-shop#fr#')).length;
    expect(runs.map((run) => [run.trigger, run.jobsExpected, run.pending, run.complete, run.done.ok])).toEqual([
      ['schedule', expectedKeys.length, 0, true, expectedKeys.length],
      ['api', frJobs, 0, true, frJobs],
      ['api', frJobs, 0, true, frJobs],
      ['api', expectedKeys.length, 0, true, expectedKeys.length],
    ]);
  });

  it('the day holds one observation per page: none lost, none twice', () => {
    const keys = observations.map(targetKey).sort();
    const duplicates = keys.length - new Set(keys).size;
    const lost = expectedKeys.filter((key) => !keys.includes(key));
    console.log(
      `overlapping runs: ${runs.length} runs, jobs ${runs.reduce((sum, run) => sum + run.jobsExpected, 0)}, observations ${keys.length}, duplicates ${duplicates}, lost ${lost.length}, dead-lettered ${stack.events.deadLetters.length}`,
    );
    expect([duplicates, lost]).toEqual([0, []]);
    expect(observations.every((observation) => observation.status === 'ok')).toBe(true);
    expect(observations.every((observation) => runs.some((run) => run.runId === observation.runId))).toBe(true);
  });

  it('nothing is dead-lettered', () => {
    expect(stack.events.deadLetters).toEqual([]);
  });
});
