import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidencePath } from '../../../functions/core/evidence/links.ts';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import {
  categoryPage,
  homePlacements,
  productName,
  searchResults,
  type ShelfTile,
} from '../../../scripts/demo-shop/catalog.ts';
import { DEMO_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { scheduledScan } from '../../support/scan.ts';
import { REPO_ROOT, SELECTORS_DIR } from '../../support/paths.ts';
import { bearer, idToken } from '../../support/sign-in.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';

const OURS = ['Lumière', 'Pure Botanica'];
const YESTERDAY = '2026-11-22';
const TODAY = '2026-11-23';

let shop: DemoShop;
let stack: LocalStack;
let card: Scorecard;
let runId: string;
const get = async (path: string, token?: string) =>
  fetch(`${stack.http.url}${path}`, { headers: { authorization: `Bearer ${token ?? (await idToken(stack))}` } });

/** What the demo shop's catalogue says our figures must be, computed without the scraper. */
function expectedSearch(market: string, keyword: string, date: string) {
  const tiles = searchResults(market, keyword, date);
  const organic = tiles.filter((tile) => !tile.sponsored);
  const isOurs = (tile: ShelfTile) => OURS.includes(tile.product.brand);
  const top = organic.slice(0, 10);
  const rank = organic.findIndex(isOurs) + 1 || null;
  return {
    ourBestOrganicRank: rank,
    ourTilesInTopN: top.filter(isOurs).length,
    ourShare: Math.round((top.filter(isOurs).length / top.length) * 10_000) / 10_000,
    ourSponsored: tiles.filter((t) => t.sponsored && isOurs(t)).length,
  };
}

const scan = (date: string) => scheduledScan(stack, shop, date);

beforeAll(async () => {
  shop = await startDemoShop({ date: YESTERDAY });
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: null, siteOrigins: { 'demo-shop': shop.url } });
  await scan(YESTERDAY);
  runId = await scan(TODAY);
  card = (await (await get(`/scorecards/${TODAY}`)).json()) as Scorecard;
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
});

describe('Pipeline: schedule → fanout → Kinesis → scrape (Chrome) → DynamoDB/S3 → GET /scorecards', () => {
  it('accounts for every job of the run in its counts', async () => {
    const { sites } = await loadSelectorDir(SELECTORS_DIR);
    const expected = expandTargets(sites).length;
    const response = await get(`/runs/${runId}`);
    expect(response.status).toBe(200);
    const progress = await response.json();
    expect(progress).toMatchObject({
      runId,
      date: TODAY,
      trigger: 'schedule',
      jobsExpected: expected,
      pending: 0,
      complete: true,
    });
    expect(Object.values(progress.done as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(expected);
    expect(progress.done.ok).toBe(expected);
    expect(card.pages).toBe(expected);
  });

  it.each(['uk', 'fr', 'de', 'us'])(
    'market %s: search ranks, our top-N tiles, share of search and the change since yesterday',
    (market) => {
      const target = card.targets.find((t) => t.market === market)!;
      const keywords = Object.keys(DEMO_MARKETS[market]!.keywords);
      expect(target.search.map((row) => row.keyword).sort()).toEqual([...keywords].sort());
      for (const row of target.search) {
        const today = expectedSearch(market, row.keyword, TODAY);
        const before = expectedSearch(market, row.keyword, YESTERDAY);
        expect(row.status).toBe('ok');
        expect(row.ourBestOrganicRank).toEqual({
          today: today.ourBestOrganicRank,
          yesterday: before.ourBestOrganicRank,
          change: before.ourBestOrganicRank! - today.ourBestOrganicRank!,
        });
        expect(row.ourTilesInTopN.today).toBe(today.ourTilesInTopN);
        expect(row.ourShare.today).toBe(today.ourShare);
        expect(row.ourShare.change).toBe(Math.round((today.ourShare - before.ourShare) * 10_000) / 10_000);
        expect(row.sponsored.ours).toBe(today.ourSponsored);
        expect(row.shareOfSearch.reduce((sum, entry) => sum + entry.tiles, 0)).toBe(
          Math.min(10, searchResults(market, row.keyword, TODAY).filter((t) => !t.sponsored).length),
        );
      }
    },
  );

  it.each(['uk', 'fr'])('market %s: category position and placements held, slot by slot', (market) => {
    const target = card.targets.find((t) => t.market === market)!;
    const listing = [1, 2].flatMap((page) => categoryPage(market, 'mascara', TODAY, page)!.tiles);
    expect(target.categories[0]!.ourBestPosition.today).toBe(
      listing.findIndex((tile) => OURS.includes(tile.product.brand)) + 1,
    );
    const { hero, carousel } = homePlacements(market, TODAY);
    const held = [
      ...hero.flatMap((product, index) =>
        OURS.includes(product.brand)
          ? [
              {
                slot: 'hero',
                index: index + 1,
                name: productName(product, DEMO_MARKETS[market]!),
                brand: product.brand,
              },
            ]
          : [],
      ),
      ...carousel.flatMap((product, index) =>
        OURS.includes(product.brand)
          ? [
              {
                slot: 'carousel',
                index: index + 1,
                name: productName(product, DEMO_MARKETS[market]!),
                brand: product.brand,
              },
            ]
          : [],
      ),
    ];
    expect(target.placements[0]!.slotsHeld).toEqual(held);
  });

  it('stores each observation’s evidence in S3', async () => {
    const observations = await queryDay(stack.tableName, TODAY);
    const s3 = new S3Client({
      region: LOCAL_REGION,
      endpoint: stack.endpoints.s3,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    const keys = observations.flatMap((o) => [
      ...o.evidence.html,
      ...(o.evidence.screenshot ? [o.evidence.screenshot] : []),
    ]);
    expect(observations.every((o) => o.evidence.html.length >= 1)).toBe(true);
    expect(observations.filter((o) => o.kind === 'category').every((o) => o.evidence.html.length === 2)).toBe(true);
    // Browser-rendered pages have a screenshot; the us market's static pages have only HTML.
    expect(observations.filter((o) => o.market !== 'us').every((o) => o.evidence.screenshot !== null)).toBe(true);
    for (const key of keys) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: stack.bucketName, Key: key }));
      expect(head.ContentLength).toBeGreaterThan(100);
    }
    s3.destroy();
  });

  it('serves the same scorecard as CSV, one row per page', async () => {
    const response = await get(`/scorecards/${TODAY}?format=csv&market=fr`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^date,site,market,kind,page,keyword,status,our_best_organic_rank/);
    expect(lines).toHaveLength(1 + 5);
    const mascara = card.targets.find((t) => t.market === 'fr')!.search.find((row) => row.keyword === 'mascara')!;
    expect(lines).toContain(
      `${TODAY},demo-shop,fr,search,search,mascara,ok,${mascara.ourBestOrganicRank.today},${mascara.ourBestOrganicRank.yesterday},${mascara.ourBestOrganicRank.change},${mascara.ourTilesInTopN.today},10,${mascara.ourShare.today},${mascara.ourShare.yesterday},${mascara.ourShare.change},${mascara.sponsored.ours},,,,,,${TODAY},${mascara.evidence.pageUrl},${mascara.evidence.screenshot}`,
    );
  });

  it('serves the day as a summary page and each market as its own page that reads well in a browser (checked in headless Chromium, screenshots saved)', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setExtraHTTPHeaders(await bearer(stack));
      await page.setViewport({ width: 1280, height: 900 });
      const response = await page.goto(`${stack.http.url}/scorecards/${TODAY}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe(`shelfwatch · summary ${TODAY}`);
      // One row per site × market, each linking to its market's page.
      const markets = await page.$$eval('table tbody th[scope="row"] a', (links) =>
        links.map((a) => [a.textContent, a.getAttribute('href')]),
      );
      expect(markets).toEqual(
        ['de', 'fr', 'uk', 'us'].map((m) => [`demo-shop · ${m.toUpperCase()}`, `/scorecards/${TODAY}/demo-shop/${m}`]),
      );
      const summaryShot = path.join(tmpdir(), `shelfwatch-summary-${TODAY}.png`);
      await page.screenshot({ path: summaryShot, fullPage: true });
      expect((await stat(summaryShot)).size).toBeGreaterThan(20_000);
      await rm(summaryShot);

      await Promise.all([page.waitForNavigation(), page.click(`a[href="/scorecards/${TODAY}/demo-shop/fr"]`)]);
      expect(await page.title()).toBe(`shelfwatch · demo-shop fr · ${TODAY}`);
      const fr = card.targets.find((t) => t.market === 'fr')!.search.find((row) => row.keyword === 'mascara')!;
      const row = 'table.search tbody tr:nth-child(2)';
      expect(await page.$eval(`${row} th`, (th) => th.textContent)).toBe('“mascara”');
      const change = fr.ourBestOrganicRank.change!;
      expect(await page.$eval(`${row} td:nth-child(2)`, (td) => td.textContent ?? '')).toBe(
        `${fr.ourBestOrganicRank.today} ${change > 0 ? `▲${change}` : change < 0 ? `▼${-change}` : '='}`,
      );
      expect(await page.$$eval('.share .s-ours', (bars) => bars.length)).toBeGreaterThan(0);
      // Two days scanned: the keyword's rank chart goes through both days' ranks, dates and values written out.
      const trend = await page.$eval(`${row} svg.chart title`, (title) => title.textContent);
      expect(trend).toBe(
        `our rank for “mascara” from ${YESTERDAY} to ${TODAY}: ${YESTERDAY} ${fr.ourBestOrganicRank.yesterday}, ${TODAY} ${fr.ourBestOrganicRank.today}`,
      );
      // The screenshot is one click away: a stable /evidence/… link that checks the session and
      // redirects to a fresh presigned URL of the JPEG archived in S3.
      const screenshotLink = await page.$eval(`${row} .proof a`, (a) => [a.textContent, a.getAttribute('href')]);
      expect(screenshotLink).toEqual(['screenshot', evidencePath(fr.evidence.screenshot!)]);
      const redirected = await fetch(`${stack.http.url}${screenshotLink[1]}`, {
        headers: await bearer(stack),
        redirect: 'manual',
      });
      expect(redirected.status).toBe(302);
      const image = await fetch(redirected.headers.get('location')!);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      // Selector health: one row per page of the market, all read cleanly today.
      const health = await page.$$eval('#selector-health tbody tr', (rows) =>
        rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent)),
      );
      expect(health).toHaveLength(3);
      expect(health.every((cells) => cells[2] === 'ok' && cells[3] === TODAY && cells[4] === '0')).toBe(true);
      const file = path.join(tmpdir(), `shelfwatch-market-${TODAY}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect((await stat(file)).size).toBeGreaterThan(20_000);
      await rm(file);
    } finally {
      await browser.close();
    }
  });

  it('opens on the latest day’s summary, and lists the scanned days', async () => {
    const landing = await fetch(`${stack.http.url}/`, { headers: await bearer(stack), redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe(`/scorecards/${TODAY}`);
    const response = await get('/days');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect([...html.matchAll(/<li><a href="\/scorecards\/(\d{4}-\d{2}-\d{2})"><strong>/g)].map((m) => m[1])).toEqual([
      TODAY,
      YESTERDAY,
    ]);
  });

  it('filters by market and site', async () => {
    const fr = (await (await get(`/scorecards/${TODAY}?market=fr&site=demo-shop`)).json()) as Scorecard;
    expect(fr.targets.map((t) => t.market)).toEqual(['fr']);
    expect(fr.pages).toBe(5);
  });

  it('starts an on-demand scan of named targets with POST /scans', async () => {
    const response = await fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers: await bearer(stack),
      body: JSON.stringify({ markets: ['uk'], kinds: ['search'] }),
    });
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toMatchObject({ jobs: 3, progress: `/runs/${body.runId}` });
    const progress = await stack.waitForRun(body.runId, undefined, 60_000);
    expect(progress.done.ok).toBe(3);
    expect(progress.trigger).toBe('api');
  });
});

describe('API input is checked; errors are plain', () => {
  it.each([
    ['/scorecards/2026-13-01', 400, 'date: not a calendar date'],
    ['/scorecards/23-11-2026', 400, 'date: expected a date as YYYY-MM-DD'],
    ['/scorecards/1999-12-31', 400, 'date: out of range'],
    [`/scorecards/${TODAY}?market=xx`, 400, 'query.market: unknown market "xx" (configured: de, fr, uk, us)'],
    [`/scorecards/${TODAY}?site=nope`, 400, 'query.site: unknown site "nope"'],
    [`/scorecards/${TODAY}?format=xml`, 400, 'query.format: expected json, csv or html'],
    [`/scorecards/${TODAY}?colour=red`, 400, 'query.colour: unknown field'],
    ['/scorecards/2026-01-01', 404, 'No observations for 2026-01-01'],
    ['/runs/2026-11-23-nope', 404, 'No run 2026-11-23-nope'],
    ['/runs/has%20space', 400, 'id: expected a run id'],
    ['/nowhere', 404, 'Not Found'],
  ])('GET %s → %i', async (path, status, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    const body = await response.json();
    // The functions answer `error`; API Gateway's own answers (no such route) are `message`.
    expect(body.error ?? body.message).toContain(message);
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });

  it.each([
    ['{"markets": ["xx"]}', 'body.markets[0]: unknown market "xx"'],
    ['{"markets": "fr"}', 'body.markets: expected a list, got "fr"'],
    ['{"kinds": ["banner"]}', 'body.kinds[0]: expected search, category or placement'],
    ['{"url": "http://169.254.169.254/"}', 'body.url: unknown field'],
    ['{not json', 'body: not valid JSON'],
  ])('POST /scans %s → 400', async (body, message) => {
    const response = await fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers: await bearer(stack),
      body,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(message);
  });

  it('refuses requests without the bearer token', async () => {
    expect((await fetch(`${stack.http.url}/scorecards/${TODAY}`)).status).toBe(401);
    expect((await get(`/scorecards/${TODAY}`, 'wrong-token')).status).toBe(401);
  });
});

describe('The roles as deployed', () => {
  itRefusedNoCall(() => stack);
});
