import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Observation } from '../../../functions/core/store/model.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { loadScorecard } from '../../../functions/core/views/load-card.ts';
import { selectorHealth } from '../../../functions/core/scorecard/health.ts';
import { CATALOG } from '../../../scripts/demo-shop/catalog.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { scheduledScan } from '../../support/scan.ts';

/**
 * `render: auto` through the whole pipeline, real Chromium and real fetches against the demo shop:
 * its us market is server-rendered (a plain fetch reads it), its uk market draws its tiles by
 * script (a plain fetch reads nothing). The first run checks every page both ways; the next reads
 * us with plain fetches and uk with Chromium; when a script starts changing the us tiles, the
 * run's checks see it and the page goes back to Chromium.
 */
let dir: string;
let shop: DemoShop;
let stack: LocalStack;
// Four days: the first checks, the second follows the verdicts, the third a script changes the us tiles.
const days = ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'];
const observed = new Map<string, Observation[]>();
const keywords = [...new Set(CATALOG.map((product) => product.line.toLowerCase()))].slice(0, 24);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-auto-'));
  await cp(path.join(REPO_ROOT, 'selectors'), dir, { recursive: true });
  for (const market of ['de', 'fr']) await rm(path.join(dir, 'demo-shop', `${market}.yaml`));
  for (const [market, count] of [
    ['us', 24],
    ['uk', 4],
  ] as const) {
    const file = path.join(dir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.render = 'auto';
    site.pages = [{ ...site.pages[0], keywords: keywords.slice(0, count) }];
    await writeFile(file, stringify(site));
  }
  shop = await startDemoShop({ date: days[0] });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir: dir,
    siteOrigins: { 'demo-shop': shop.url },
    env: { SETTLE_TIMEOUT_MS: '1500' },
  });
  const scan = async (date: string) => {
    const runId = await scheduledScan(stack, shop, date);
    observed.set(
      date,
      (await queryDay(stack.tableName, date)).filter((o) => o.runId === runId),
    );
  };
  await scan(days[0]!);
  await scan(days[1]!);
  // Overnight the us search pages start renaming their first tile by script: only Chromium sees it.
  shop.faults.add({
    type: 'inject',
    market: 'us',
    path: '/search',
    html: `<script>document.querySelector('[data-test=product-tile] .tile-name').textContent = 'Renamed By Script';</script>`,
  });
  await scan(days[2]!);
  await scan(days[3]!);
}, 600_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const of = (date: string, market: string) => observed.get(date)!.filter((o) => o.market === market);
const by = (list: Observation[]) => list.map((o) => o.renderedBy);

describe('render: auto', () => {
  it('the first run checks its first pages both ways; once a verdict is in, its later pages follow it', () => {
    const [us, uk] = [of(days[0]!, 'us'), of(days[0]!, 'uk')];
    expect(us).toHaveLength(24);
    expect(us.every((o) => o.status === 'ok')).toBe(true);
    const checked = us.filter((o) => o.renderedBy === 'chrome');
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every((o) => o.renderCheck?.same === true)).toBe(true);
    // Pages after the first check's verdict (in this batch or the next) follow it: read plainly.
    expect(us.some((o) => o.renderedBy === 'static')).toBe(true);
    expect(by(uk)).toEqual(uk.map(() => 'chrome'));
    for (const o of uk)
      expect(o.renderCheck).toMatchObject({ same: false, why: expect.stringMatching(/plain fetch read/) });
  });

  it('then reads the server-rendered market with plain fetches (a sample still checked) and the other with Chromium', () => {
    const [us, uk] = [of(days[1]!, 'us'), of(days[1]!, 'uk')];
    const plain = us.filter((o) => o.renderedBy === 'static');
    const checked = us.filter((o) => o.renderedBy === 'chrome');
    expect(plain.length).toBeGreaterThanOrEqual(18);
    expect(checked.every((o) => o.renderCheck?.same === true)).toBe(true);
    expect(plain.every((o) => o.status === 'ok' && (o.tiles?.length ?? 0) > 0 && o.renderCheck === undefined)).toBe(
      true,
    );
    // A page read statically keeps its archived HTML (no screenshot: there was no browser).
    expect(plain.every((o) => o.evidence.html.length > 0 && o.evidence.screenshot === null)).toBe(true);
    expect(by(uk)).toEqual(uk.map(() => 'chrome'));
    expect(uk.every((o) => o.status === 'ok')).toBe(true);
  });

  it('the moment a check disagrees (a script changes the tiles), the page goes back to Chromium', () => {
    const during = of(days[2]!, 'us');
    const disagreed = during.filter((o) => o.renderCheck?.same === false);
    expect(disagreed.length).toBeGreaterThan(0);
    expect(disagreed[0]!.renderCheck!.why).toMatch(/tile 1: name .* by a plain fetch, "Renamed By Script" by Chromium/);
    // The next day every us page is read with Chromium, and its figures carry what the shopper sees.
    const after = of(days[3]!, 'us');
    expect(new Set(by(after))).toEqual(new Set(['chrome']));
    expect(after.every((o) => o.tiles?.[0]?.name === 'Renamed By Script')).toBe(true);
  });

  it('selector health says how each auto page was read and what its checks found', async () => {
    const health = async (date: string) =>
      selectorHealth((await loadScorecard(stack.tableName, date))!).find((row) => row.market === 'us')!.rendering;
    expect(await health(days[1]!)).toMatch(
      /^auto: (1[89]|2[0-4]) of 24 read with a plain fetch(; \d+ checked with Chromium: the same)?$/,
    );
    expect(await health(days[2]!)).toMatch(
      /checked with Chromium: they differ \(tile 1: name .*\), read with Chromium from now on$/,
    );
  });
});
