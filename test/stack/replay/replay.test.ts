import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { replayDay, type ReplayReport } from '../../../functions/core/replay/replay-day.ts';
import { selectorHealth } from '../../../functions/core/scorecard/health.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { searchResults } from '../../../scripts/demo-shop/catalog.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { shelfwatch } from '../../support/cli.ts';
import { scheduledScan } from '../../support/scan.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';
import { bearer, idToken } from '../../support/sign-in.ts';

const [GOOD_DAY, BROKEN_1, BROKEN_2] = ['2026-11-21', '2026-11-22', '2026-11-23'];
const OURS = ['Lumière', 'Pure Botanica'];

let shop: DemoShop;
let stack: LocalStack;
let stackOpen = false;
let dir: string;
let fixedSelectors: string;
let brokenCard: Scorecard;
let report: ReplayReport;

const scorecard = async (date: string) =>
  (await (
    await fetch(`${stack.http.url}/scorecards/${date}?market=us`, {
      headers: await bearer(stack),
    })
  ).json()) as Scorecard;

const scan = (date: string) => scheduledScan(stack, shop, date);

/** The maintainer's fix: the us selector file rewritten for the retailer's redesign (the demo shop's v2 tiles). */
async function writeFixedSelectors(): Promise<string> {
  const target = path.join(dir, 'selectors');
  await copyBundledSelectors(target);
  const file = path.join(target, 'demo-shop/us.yaml');
  const fixed = (await readFile(file, 'utf8'))
    .replace('name: .tile-name', 'name: .card-title')
    .replace('brand: .tile-brand', 'brand: .card-maker')
    .replace('url: "a.tile-link@href"', 'url: "a.card-link@href"')
    .replace('price: .price', 'price: .card-cost')
    .replaceAll('item: "[data-test=product-tile]"', 'item: "[data-qa=product-card]"')
    .replace('sponsored: .badge-sponsored', 'sponsored: .ad-label');
  expect(fixed).not.toContain('tile-name');
  await writeFile(file, fixed);
  return target;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-replay-'));
  shop = await startDemoShop({ date: GOOD_DAY });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: path.join(dir, 'data'),
    siteOrigins: { 'demo-shop': shop.url },
  });
  stackOpen = true;
  await scan(GOOD_DAY);
  // The us shop is redesigned overnight: every class name of its search and category tiles changes.
  shop.faults.add({ type: 'layout', market: 'us', path: '/us/search' });
  shop.faults.add({ type: 'layout', market: 'us', path: '/us/c/' });
  await scan(BROKEN_1);
  await scan(BROKEN_2);
  brokenCard = await scorecard(BROKEN_2);
  fixedSelectors = await writeFixedSelectors();
  const fixed = await loadSelectorDir(fixedSelectors);
  expect(fixed.problems).toEqual([]);
  report = await replayDay(
    BROKEN_1,
    { market: 'us' },
    {
      tableName: stack.tableName,
      bucketName: stack.bucketName,
      sites: fixed.sites,
      classify: createClassifier(fixed.tracking),
    },
  );
}, 300_000);

afterAll(async () => {
  if (stackOpen) await stack.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('replay: fix a selector, backfill the days it was broken', () => {
  it('before the fix, the health view shows the broken pages, since when and the last good run', () => {
    const health = selectorHealth(brokenCard).filter((row) => row.status !== 'ok');
    expect(
      health.map(({ kind, page, status, lastGood, brokenSince, daysBroken }) => ({
        kind,
        page,
        status,
        lastGood,
        brokenSince,
        daysBroken,
      })),
    ).toEqual([
      {
        kind: 'category',
        page: 'mascara',
        status: 'selector_miss',
        lastGood: GOOD_DAY,
        brokenSince: BROKEN_1,
        daysBroken: 2,
      },
      {
        kind: 'search',
        page: 'search',
        status: 'selector_miss',
        lastGood: GOOD_DAY,
        brokenSince: BROKEN_1,
        daysBroken: 2,
      },
    ]);
  });

  it('re-extracts the archived HTML and reports before/after counts', () => {
    expect(report).toMatchObject({ date: BROKEN_1, considered: 5, replayed: 5, skipped: [] });
    expect(report.before).toMatchObject({ ok: 1, selector_miss: 4 });
    expect(report.after).toMatchObject({ ok: 5, selector_miss: 0 });
    expect(report.changed.map((change) => `${change.key}: ${change.from} → ${change.to}`).sort()).toEqual(
      [
        'demo-shop#us#mascara#',
        'demo-shop#us#search#brow gel',
        'demo-shop#us#search#lipstick',
        'demo-shop#us#search#mascara',
      ].map((key) => `${key}: selector_miss → ok`),
    );
  });

  it('rewrites the day: the scorecard has the ranks the shop showed that day, and no problems', async () => {
    const card = await scorecard(BROKEN_1);
    expect(card.targets[0]!.problems).toEqual([]);
    for (const row of card.targets[0]!.search) {
      const organic = searchResults('us', row.keyword, BROKEN_1).filter((tile) => !tile.sponsored);
      expect(row.status).toBe('ok');
      expect(row.ourBestOrganicRank.today).toBe(
        organic.findIndex((tile) => OURS.includes(tile.product.brand)) + 1 || null,
      );
    }
    const observations = (await queryDay(stack.tableName, BROKEN_1)).filter(
      (o) => o.market === 'us' && o.kind === 'search',
    );
    expect(
      observations.every((o) => o.replayedFrom === 'selector_miss' && o.replayedAt && o.evidence.html.length === 1),
    ).toBe(true);
    // The run's own record follows: its jobs now count as ok.
    expect((await stack.runProgress(observations[0]!.runId))?.done).toMatchObject({ ok: 20, selector_miss: 0 });
    // And the day's stored scorecard is built again: its summary page shows the us market mended.
    const summary = await fetch(`${stack.http.url}/scorecards/${BROKEN_1}?format=json`, {
      headers: await bearer(stack),
    }).then((response) => response.json() as Promise<Scorecard>);
    expect(summary.targets.find((target) => target.market === 'us')!.problems).toEqual([]);
    const s3 = new S3Client({
      region: LOCAL_REGION,
      endpoint: stack.endpoints.s3,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: stack.bucketName, Key: `scorecards/${BROKEN_1}/summary.json` }),
    );
    const day = JSON.parse(await stored.Body!.transformToString()) as {
      markets: Array<{ market: string; problems: number }>;
    };
    expect(day.markets.find((market) => market.market === 'us')!.problems).toBe(0);
    s3.destroy();
  });

  it('leaves other markets and days alone', async () => {
    expect(
      (await queryDay(stack.tableName, BROKEN_1))
        .filter((o) => o.market !== 'us')
        .every((o) => o.replayedAt === undefined),
    ).toBe(true);
    expect((await scorecard(BROKEN_2)).targets[0]!.problems.map((p) => p.status)).toEqual([
      'selector_miss',
      'selector_miss',
      'selector_miss',
      'selector_miss',
    ]);
  });

  it('an evidence object that is gone is a page skipped with its reason, not a failed replay', async () => {
    const lipstick = (await queryDay(stack.tableName, BROKEN_2)).find(
      (o) => o.market === 'us' && o.keyword === 'lipstick',
    )!;
    const s3 = new S3Client({
      region: LOCAL_REGION,
      endpoint: stack.endpoints.s3,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: stack.bucketName, Key: lipstick.evidence.html[0]! }));
    s3.destroy();
  });

  it('from the command line: replay prints before/after counts and what it skipped; health then shows what is left', async () => {
    // The data folder is the CLI's now (a DynamoDB folder has one user at a time).
    await stack.close();
    stackOpen = false;
    const data = path.join(dir, 'data');
    const replayed = await shelfwatch(
      'replay',
      '--date',
      BROKEN_2,
      '--market',
      'us',
      '--data',
      data,
      '--selectors',
      fixedSelectors,
    );
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    // The lipstick page's HTML was deleted above: skipped, said why, still broken.
    expect(replayed.stdout).toContain(`replayed 4 of 5 pages of ${BROKEN_2}`);
    expect(replayed.stdout).toMatch(/ok\s+1\s+4\n/);
    expect(replayed.stdout).toMatch(/selector_miss\s+4\s+1/);
    expect(replayed.stdout).toContain('demo-shop/us search “mascara”: selector_miss → ok');
    expect(replayed.stdout).toMatch(
      /skipped:\n {2}demo-shop\/us search “lipstick”: its archived HTML \S+ is gone \(expired after the evidence's retention, or never stored\)/,
    );
    const health = await shelfwatch('health', '--date', BROKEN_2, '--market', 'us', '--data', data);
    // Two of three search keywords read cleanly now: the selectors work, one page is left to look at.
    expect(health.code).toBe(1);
    expect(health.stdout).toContain(`Selector health ${BROKEN_2}: 1 of 3 pages need a look`);
    expect(health.stdout).toMatch(/demo-shop \/ us\s+search\s+selector_miss \(1 of 3\)\s+2026-11-23\s+0/);
  });

  it('says clearly what it cannot do', async () => {
    const noDate = await shelfwatch('replay', '--market', 'us');
    expect([noDate.code, noDate.stderr]).toEqual([2, expect.stringContaining('--date is required')]);
    const noData = await shelfwatch('replay', '--date', BROKEN_1, '--data', path.join(dir, 'nowhere'));
    expect([noData.code, noData.stderr.trim()]).toEqual([
      1,
      `shelfwatch replay: no local data in ${path.join(dir, 'nowhere')}: scan first (npm start), or point --data at it`,
    ]);
    const noHealthData = await shelfwatch('health', '--data', path.join(dir, 'nowhere'));
    expect(noHealthData.code).toBe(1);
    expect(noHealthData.stderr).toContain('no local data in');
    const unknown = await shelfwatch('replay', '--date', BROKEN_1, '--market', 'xx', '--data', path.join(dir, 'data'));
    expect(unknown.stderr).toContain('no selector file for market "xx"');
  });
});
