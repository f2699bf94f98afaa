import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { evidencePath } from '../../../functions/core/evidence/links.ts';
import { marketPath, summaryPath } from '../../../functions/core/app-pages/app-paths.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';
import { scheduledScan } from '../../support/scan.ts';
import { idToken } from '../../support/sign-in.ts';

/**
 * The second reader on the demo shop, end to end: every us and uk page read twice (share 1), the
 * us search results shuffled on every request (a personalised shelf) so its two readings
 * disagree. The disagreement is recorded with both readings and both evidence links, the
 * market's accuracy falls below its threshold and is alerted; uk, read the same both ways, agrees.
 */
const DATE = '2026-11-23';
let dir: string;
let shop: DemoShop;
let stack: LocalStack;
let card: Scorecard;
let alerts: Awaited<ReturnType<LocalStack['alertRun']>>;
const get = async (url: string, accept = 'application/json') =>
  fetch(`${stack.http.url}${url}`, { headers: { authorization: `Bearer ${await idToken(stack)}`, accept } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-second-reader-'));
  const selectors = path.join(dir, 'selectors');
  await copyBundledSelectors(selectors);
  for (const market of ['us', 'uk', 'fr', 'de']) {
    const file = path.join(selectors, `demo-shop/${market}.yaml`);
    const share = market === 'us' || market === 'uk' ? 1 : 0;
    const text = await readFile(file, 'utf8');
    const edited = text.replace('secondRead: { share: 0 }', `secondRead: { share: ${share} }`);
    expect(edited === text).toBe(share === 0);
    await writeFile(file, edited);
  }
  // The us search read three times a day: on a shuffled shelf our rank spreads.
  const us = path.join(selectors, 'demo-shop/us.yaml');
  await writeFile(
    us,
    (await readFile(us, 'utf8')).replace('    noResults: .no-results\n', '    noResults: .no-results\n    reads: 3\n'),
  );
  shop = await startDemoShop({ date: DATE });
  shop.faults.add({ type: 'shuffle', market: 'us', path: '/search' });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir: selectors,
    siteOrigins: { 'demo-shop': shop.url },
  });
  const runId = await scheduledScan(stack, shop, DATE);
  alerts = await stack.alertRun(runId);
  card = (await (await get(`/scorecards/${DATE}`)).json()) as Scorecard;
}, 240_000);
afterAll(async () => {
  await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('The second reader on the demo shop', () => {
  const market = (name: string) => card.targets.find((target) => target.market === name)!;

  it('reads every page of the sample twice; a shelf read the same both ways agrees (uk, rendered in the browser)', () => {
    expect(market('uk').accuracy).toMatchObject({ compared: 5, agreeing: 5, rate: 1, disagreements: [] });
    expect(market('fr').accuracy).toBeUndefined();
  });

  it('a shuffled shelf disagrees: recorded with both readings, never resolved, and the market below its threshold', () => {
    const accuracy = market('us').accuracy!;
    expect(accuracy).toMatchObject({ compared: 5, agreeing: 2, rate: 0.4 });
    expect(accuracy.disagreements.map((entry) => entry.keyword).sort()).toEqual(['brow gel', 'lipstick', 'mascara']);
    for (const entry of accuracy.disagreements) {
      expect(entry).toMatchObject({ kind: 'search', firstWay: 'static', secondWay: 'chrome' });
      expect(entry.differences.map((difference) => difference.figure)).toContain('organic top N');
      // The us search is a plain-fetch page: the second reading is Chromium's, with its screenshot.
      expect(entry.first.html).toMatch(/-p1\.html\.gz$/);
      expect(entry.second.html).toMatch(/-second-p1\.html\.gz$/);
      expect(entry.second.screenshot).toMatch(/-second\.jpg$/);
    }
  });

  it('both readings’ evidence opens in the app', async () => {
    const [entry] = market('us').accuracy!.disagreements;
    for (const key of [entry!.first.html, entry!.second.html, entry!.second.screenshot]) {
      const answer = await get(evidencePath(key!));
      expect(answer.status, key!).toBe(200);
    }
  });

  it('the market page and the summary show it; the alert names it as a broken selector is named', async () => {
    const page = await (await get(marketPath(DATE, 'demo-shop', 'us'), 'text/html')).text();
    expect(page).toContain('Second reader');
    expect(page).toContain('2 of 5 (40 %)');
    // Selector health says it too: pages that read "ok" with figures that differ.
    expect(page).toContain(
      'Second reader: <span class="down">2 of 5 (40 %)</span> of the pages read twice today agree',
    );
    expect(page).toContain('-second.jpg');
    const summary = await (await get(summaryPath(DATE), 'text/html')).text();
    expect(summary).toContain('second reader agrees');
    expect(alerts.alerts).toContainEqual(
      expect.objectContaining({
        kind: 'selector_broken',
        market: 'us',
        what: 'Readings disagree: 2 of 5 pages read twice agree (40 %, below 90 %)',
      }),
    );
    expect(alerts.alerts.filter((alert) => alert.market === 'uk' && alert.what.startsWith('Readings'))).toEqual([]);
  });

  it('ranks read three times a day show their median and spread; a shelf that varies is flagged', async () => {
    const rows = market('us').search;
    for (const row of rows) {
      expect(row.rankReads?.ranks).toHaveLength(3);
      const present = row.rankReads!.ranks.filter((rank) => rank !== null);
      expect(row.rankReads!.spread).toBeGreaterThan(0);
      expect(row.ourBestOrganicRank.today).toBe(row.rankReads!.median);
      expect(new Set(present).size).toBeGreaterThan(1);
    }
    expect(market('uk').search.every((row) => row.rankReads === undefined)).toBe(true);
    const page = await (await get(marketPath(DATE, 'demo-shop', 'us'), 'text/html')).text();
    expect(page).toMatch(/median of 3 reads \(#\d+, #\d+, #\d+\), spread \d+/);
  });

  itRefusedNoCall(() => stack);
});
