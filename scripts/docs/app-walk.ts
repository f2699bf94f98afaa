import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { shiftDay } from '../../functions/core/day.ts';

/** Who walks, where, and which day they look at. */
export interface WalkOptions {
  appUrl: string;
  email: string;
  password: string;
  /** The day the summary opens on (the latest); the walk steps back one day from its market page. */
  date: string;
  /** Where each step's screenshot goes (`<n>-<step>.png`) and the export is downloaded. */
  outDir: string;
  viewport?: { width: number; height: number };
}

/** What a person saw at one step of the walk. */
export interface WalkStep {
  step: string;
  url: string;
  title: string;
  heading: string;
  /** The step's screenshot file. */
  screenshot: string;
}

export interface Walk {
  steps: WalkStep[];
  /** The downloaded week of history. */
  export: { file: string; csv: string };
}

const STEP_MS = 30_000;

/**
 * A person's first visit, in real Chromium: the app's address with no session → the sign-in page
 * → signed in → the latest day's summary → a market → the day before → a screenshot of the
 * evidence → a week exported as CSV → signed out → the summary's address asks to sign in again.
 * Each step waits for what a person would see and throws saying which step did not get there.
 * The tests assert on what it returns; `npm run docs:screenshot` keeps its pictures.
 */
export async function walkTheApp(browser: Browser, options: WalkOptions): Promise<Walk> {
  await mkdir(options.outDir, { recursive: true });
  // A fresh browser has no session: the default context is the newcomer's (the Lambda build of
  // Chromium runs single-process, which cannot open another context).
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.setViewport(options.viewport ?? { width: 1280, height: 900 });
  const steps: WalkStep[] = [];
  const record = async (step: string) => {
    const screenshot = path.join(options.outDir, `${steps.length + 1}-${step}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    steps.push({ step, url: page.url(), title: await page.title(), heading: await headingOf(page), screenshot });
  };
  const follow = async (what: string, click: () => Promise<unknown>) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]).catch((error: Error) => {
      throw new Error(`walk: ${what} did not open a page (${error.message}) at ${page.url()}`);
    });
  };
  try {
    await page.goto(`${options.appUrl}/`, { waitUntil: 'load' });
    await expectOn(page, 'sign-in', () => page.waitForSelector('input[name="password"]'));
    await record('sign-in');

    await page.type('input[name="username"]', options.email);
    await page.type('input[name="password"]', options.password);
    await follow('signing in', () => page.click('button[type="submit"]'));
    await expectOn(page, 'summary', () => page.waitForSelector('table tbody th[scope="row"] a'));
    await record('summary');

    await follow('a market', () => page.click('table tbody th[scope="row"] a'));
    await expectOn(page, 'market', () => page.waitForSelector('table.search'));
    await record('market');

    await follow('the day before', () => clickLink(page, 'nav a', (text) => text.startsWith('←')));
    await expectOn(page, 'the day before', () => page.waitForSelector('table.search .proof a'));
    await record('yesterday');

    const back = page.url();
    await follow('a screenshot link', () => clickLink(page, 'table.search .proof a', (text) => text === 'screenshot'));
    await expectOn(page, 'the screenshot', () => page.waitForSelector('img'));
    await record('evidence');
    await page.goto(back, { waitUntil: 'load' });

    await follow('the export page', () => clickLink(page, 'nav a', (text) => text === 'Export'));
    await expectOn(page, 'export', () => page.waitForSelector('form[action="/history"]'));
    await page.$eval(
      'input[name="from"]',
      (input, from) => ((input as HTMLInputElement).value = from),
      shiftDay(options.date, -6),
    );
    await page.$eval('input[name="to"]', (input, to) => ((input as HTMLInputElement).value = to), options.date);
    await record('export');
    const exported = await download(page, options.outDir, () => page.click('form[action="/history"] button'));

    await page.goto(back, { waitUntil: 'load' });
    await follow('signing out', () => clickLink(page, 'nav a', (text) => text === 'Sign out'));
    await record('signed-out');

    await page.goto(`${options.appUrl}/scorecards/${options.date}`, { waitUntil: 'load' });
    await expectOn(page, 'sign-in again', () => page.waitForSelector('input[name="password"]'));
    await record('asks-again');
    return { steps, export: exported };
  } finally {
    await page.close();
  }
}

async function expectOn(page: Page, step: string, wait: () => Promise<unknown>): Promise<void> {
  await wait().catch(() => {
    throw new Error(`walk: not on the ${step} page at ${page.url()}`);
  });
}

/** Clicks the first link of `selector` whose text matches, as a person picks a link by what it says. */
async function clickLink(page: Page, selector: string, matches: (text: string) => boolean): Promise<void> {
  for (const link of await page.$$(selector))
    if (matches((await link.evaluate((a) => a.textContent ?? '')).trim())) return link.click();
  throw new Error(`walk: no link of ${selector} to click at ${page.url()}`);
}

async function headingOf(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('h1')?.textContent?.trim() ?? '');
}

/** Clicks, and waits for the file the click downloads (a CSV is an attachment: no page opens). */
async function download(
  page: Page,
  dir: string,
  click: () => Promise<unknown>,
): Promise<{ file: string; csv: string }> {
  const folder = path.join(dir, 'downloads');
  await mkdir(folder, { recursive: true });
  const session = await page.createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: folder, eventsEnabled: true });
  const done = new Promise<string>((resolve, reject) => {
    let name = '';
    session.on('Browser.downloadWillBegin', (event) => (name = event.suggestedFilename));
    session.on('Browser.downloadProgress', (event) => {
      if (event.state === 'completed') resolve(name);
      if (event.state === 'canceled') reject(new Error('walk: the export download was cancelled'));
    });
    setTimeout(() => reject(new Error('walk: the export did not download')), STEP_MS).unref();
  });
  await click();
  const name = await done;
  const file = path.join(folder, name || (await readdir(folder))[0]!);
  return { file, csv: await readFile(file, 'utf8') };
}
