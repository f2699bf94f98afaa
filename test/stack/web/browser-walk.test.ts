import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { walkTheApp, type Walk } from '../../../scripts/docs/app-walk.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { scheduledScan } from '../../support/scan.ts';

/**
 * A person's first visit, in real Chromium through the local stack: no session → the sign-in page
 * → signed in → summary → a market → the day before → a screenshot → a week exported as CSV →
 * signed out → asked to sign in again. The same walk makes the README's pictures.
 */
const DAYS = ['2026-11-21', '2026-11-22', '2026-11-23'];
const TODAY = DAYS.at(-1)!;
const YESTERDAY = DAYS.at(-2)!;

let dir: string;
let shop: DemoShop;
let stack: LocalStack;
let walk: Walk;
const step = (name: string) => walk.steps.find((entry) => entry.step === name)!;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-walk-'));
  shop = await startDemoShop({ date: DAYS[0]! });
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: null, siteOrigins: { 'demo-shop': shop.url } });
  for (const day of DAYS) await stack.alertRun(await scheduledScan(stack, shop, day));
  const browser = await launchBrowser();
  try {
    walk = await walkTheApp(browser, {
      appUrl: stack.http.url,
      email: stack.idp.user.email,
      password: stack.idp.user.password,
      date: TODAY,
      outDir: dir,
    });
  } finally {
    await browser.close();
  }
}, 300_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a person’s first visit (real Chromium, local stack)', () => {
  it('goes through every step, in order, a screenshot of each', async () => {
    expect(walk.steps.map((entry) => entry.step)).toEqual([
      'sign-in',
      'summary',
      'market',
      'yesterday',
      'evidence',
      'export',
      'signed-out',
      'asks-again',
    ]);
    for (const entry of walk.steps) expect((await stat(entry.screenshot)).size).toBeGreaterThan(5_000);
  });

  it('without a session, the app’s address is the identity provider’s sign-in page', () => {
    expect(new URL(step('sign-in').url).origin).toBe(new URL(stack.idp.url).origin);
    expect(new URL(step('sign-in').url).pathname).toBe('/oauth2/authorize');
  });

  it('signed in, it lands on the latest day’s summary at its own address', () => {
    expect(step('summary')).toMatchObject({
      url: `${stack.http.url}/scorecards/${TODAY}`,
      title: `shelfwatch · summary ${TODAY}`,
    });
    expect(step('summary').heading).toMatch(/^Digital shelf summary/);
  });

  it('a market, then the same market the day before', () => {
    expect(step('market').url).toBe(`${stack.http.url}/scorecards/${TODAY}/demo-shop/de`);
    expect(step('market').heading).toMatch(/^demo-shop · DE/);
    expect(step('yesterday').url).toBe(`${stack.http.url}/scorecards/${YESTERDAY}/demo-shop/de`);
  });

  it('an evidence link opens the screenshot (a fresh presigned address of the stored JPEG)', () => {
    const opened = new URL(step('evidence').url);
    expect(opened.pathname).toMatch(new RegExp(`/evidence/${YESTERDAY}/demo-shop/de/.+\\.jpg$`));
    expect(opened.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports the week of the market it came from as one CSV file, every page of each scanned day', () => {
    expect(path.basename(walk.export.file)).toBe(`shelfwatch-2026-11-17-to-${TODAY}-demo-shop-de.csv`);
    const [header, ...rows] = walk.export.csv.trimEnd().split('\r\n');
    expect(header).toMatch(/^date,site,market,kind,page,keyword,status,.*,screenshot_link,archived_page_link$/);
    expect(rows).toHaveLength(DAYS.length * 5);
    expect(rows.every((row) => row.slice(11).startsWith('demo-shop,de,'))).toBe(true);
    expect(new Set(rows.map((row) => row.slice(0, 10)))).toEqual(new Set(DAYS));
  });

  it('signed out, the scorecard’s address asks to sign in again', () => {
    expect(step('signed-out').url).toBe(`${stack.http.url}/auth/signed-out`);
    expect(new URL(step('asks-again').url).origin).toBe(new URL(stack.idp.url).origin);
  });
});
