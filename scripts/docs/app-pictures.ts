import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { daysBefore } from '../../functions/core/day.ts';
import { scanDay, startSession } from '../commands/local-session.ts';
import { walkTheApp } from './app-walk.ts';

/**
 * Remakes the pictures of the docs from the walk the browser test takes (scripts/docs/app-walk.ts):
 * two weeks of demo-shop history, and on the last day a redesigned uk category (a broken selector,
 * as a team would see it). Run: npm run docs:screenshot
 */
const TODAY = '2026-11-23';
const PICTURES: Record<string, string> = {
  'sign-in': 'docs/sign-in.png',
  summary: 'docs/summary.png',
  market: 'docs/market.png',
  export: 'docs/export.png',
};

const session = await startSession({ dataDir: null, shopPort: 0, apiPort: 0 });
const outDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-pictures-'));
try {
  // Each day's views are built when its run is done, as the alerts sweep does on AWS.
  for (const day of daysBefore(TODAY, 13))
    await session.stack.alertRun((await scanDay(session, day, `history ${day}`)).progress.runId);
  session.shop.faults.add({ type: 'layout', market: 'uk', path: '/uk/c/' });
  await session.stack.alertRun((await scanDay(session, TODAY)).progress.runId);
  const browser = await launchBrowser();
  try {
    const walk = await walkTheApp(browser, {
      appUrl: session.stack.http.url,
      email: session.stack.idp.user.email,
      password: session.stack.idp.user.password,
      date: TODAY,
      outDir,
      viewport: { width: 1400, height: 900 },
    });
    for (const step of walk.steps) {
      const target = PICTURES[step.step];
      if (!target) continue;
      await copyFile(step.screenshot, path.resolve(target));
      console.log(`wrote ${target} (${step.title})`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await session.close();
  await rm(outDir, { recursive: true, force: true });
}
