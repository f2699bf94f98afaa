import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * A retailer never sees more of a market's pages at once than its selector file's
 * rate.concurrency, however many scrape functions run and however many tabs each has: measured
 * at the demo shop, which counts the requests of each market in flight at once.
 */
let dir: string;
let shop: DemoShop;
let stack: LocalStack;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-rate-'));
  await cp(path.join(REPO_ROOT, 'selectors'), dir, { recursive: true });
  // Only the us market, read with a plain fetch: 40 search pages, at most 2 at once.
  for (const market of ['de', 'fr', 'uk']) await rm(path.join(dir, 'demo-shop', `${market}.yaml`));
  const file = path.join(dir, 'demo-shop', 'us.yaml');
  const us = parse(await readFile(file, 'utf8'));
  us.rate = { concurrency: 2, requestsPerMinute: 'unlimited' };
  us.pages = [
    {
      ...us.pages[0],
      keywords: Array.from({ length: 40 }, (_u, i) => (i < 3 ? ['mascara', 'brow gel', 'lipstick'][i] : `shade ${i}`)),
    },
  ];
  await writeFile(file, stringify(us));
  shop = await startDemoShop({ date: '2026-11-23' });
  // Every search answers after 150 ms, so pages read at once overlap at the shop.
  shop.faults.add({ type: 'slow', path: '/search', delayMs: 150 });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir: dir,
    siteOrigins: { 'demo-shop': shop.url },
    shardCount: 2,
    lambdaConcurrency: 8,
    env: { SCRAPE_CONCURRENCY: '16' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('A market’s rate', () => {
  it('bounds the pages of the market in flight at the retailer, with 8 functions of 16 tabs free to read', async () => {
    const run = await stack.scheduledScan(new Date('2026-11-23T06:00:00Z'));
    expect(run.jobs).toBe(40);
    const progress = await stack.waitForRun(run.runId, undefined, 120_000);
    expect(progress).toMatchObject({ complete: true, done: { ok: 40 } });
    // Both lanes read at once, and never more than the two.
    expect(shop.peakInFlight('us')).toBe(2);
  }, 180_000);
});
