import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { writeSyntheticDay } from '../../../scripts/scale/synthetic-day.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * What a missing S3 object is on AWS for a function without s3:ListBucket: 403 AccessDenied, not
 * NoSuchKey. Each case is a morning the deployed stack would have failed on: the day's summary not
 * built yet while its run goes on, a day too large to be stored whole, a market the day before did
 * not have. The strict local stack answers as AWS does (scripts/local/aws-rules/s3-gate.ts).
 */
let stack: LocalStack;
/** The bundled selector files' markets: the API names only configured sites and markets. */
const demo = (markets: string[]) => markets.map((market) => ({ site: 'demo-shop', market }));
let token: string;

beforeAll(async () => {
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: null });
  token = await stack.signIn();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const get = (path: string, accept = 'application/json') =>
  fetch(`${stack.http.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept }, redirect: 'manual' });

describe('A day whose views are not built yet (its run still going)', () => {
  it('is served, not a 500: the landing page, the summary page and its JSON', async () => {
    await writeSyntheticDay(stack.tableName, { date: '2026-11-20', pages: 40, markets: 2, pairs: demo(['us', 'uk']) });
    const landing = await get('/', 'text/html');
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/scorecards/2026-11-20');
    expect((await get('/scorecards/2026-11-20', 'text/html')).status).toBe(200);
    expect((await get('/scorecards/2026-11-20')).status).toBe(200);
    expect((await stack.refusals()).counts.iam).toBe(0);
  });
});

describe('A day too large to be stored whole', () => {
  it('is published market by market; its JSON is its summary and where its markets are, its CSV a clear 400, a market’s JSON and CSV whole', async () => {
    const day = await writeSyntheticDay(stack.tableName, {
      date: '2026-11-21',
      pages: 3_000,
      markets: 4,
      pairs: demo(['us', 'uk', 'fr', 'de']),
    });
    const alerted = await stack.alertRun(day.runId);
    expect(alerted.status).toMatch(/^(sent|no_alerts)$/);
    const json = (await (await get('/scorecards/2026-11-21')).json()) as {
      split?: boolean;
      whole?: boolean;
      marketCards?: string[];
    };
    expect(json, JSON.stringify(json).slice(0, 300)).toMatchObject({ split: true, whole: false });
    expect(json.marketCards).toHaveLength(4);
    const csv = await get('/scorecards/2026-11-21?format=csv');
    expect(csv.status).toBe(400);
    expect(((await csv.json()) as { error: string }).error).toMatch(/too large for one file/);
    const market = await get('/scorecards/2026-11-21?market=fr&format=csv');
    expect(market.status).toBe(200);
    expect((await market.text()).split('\n').length).toBeGreaterThan(400);
    expect((await stack.refusals()).counts.iam).toBe(0);
  }, 180_000);
});

describe('A market the day before did not have (added by a push, or a one-market scan)', () => {
  it('is published with the others, and the sweeps after it are not stuck', async () => {
    const before = await writeSyntheticDay(stack.tableName, {
      date: '2026-11-22',
      pages: 20,
      markets: 1,
      pairs: demo(['us']),
    });
    expect((await stack.alertRun(before.runId)).status).toMatch(/^(sent|no_alerts)$/);
    const after = await writeSyntheticDay(stack.tableName, {
      date: '2026-11-23',
      pages: 40,
      markets: 2,
      pairs: demo(['us', 'fr']),
    });
    expect((await stack.alertRun(after.runId)).status).toMatch(/^(sent|no_alerts)$/);
    const summary = (await (await get('/scorecards/2026-11-23')).json()) as { targets: Array<{ market: string }> };
    expect(summary.targets.map((target) => target.market).sort()).toEqual(['fr', 'us']);
    expect((await stack.refusals()).counts.iam).toBe(0);
  });
});

describe('A large day whose views are not built yet', () => {
  it('is not built for one request (the API has 30 s): the summary says the scan is still going and links its markets', async () => {
    await writeSyntheticDay(stack.tableName, {
      date: '2026-11-19',
      pages: 2_400,
      markets: 2,
      pairs: demo(['us', 'de']),
    });
    const html = await (await get('/scorecards/2026-11-19', 'text/html')).text();
    expect(html).toContain('still going');
    expect(html).toContain('2400 pages read so far');
    expect(html).toContain('href="/scorecards/2026-11-19/demo-shop/de"');
    const json = (await (await get('/scorecards/2026-11-19')).json()) as { building?: { pages: number } };
    expect(json.building?.pages).toBe(2_400);
  });
});
