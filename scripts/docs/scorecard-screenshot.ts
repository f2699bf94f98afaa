import path from 'node:path';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { daysBefore } from '../../functions/core/day.ts';
import { scanDay, startSession } from '../commands/local-session.ts';

/**
 * Remakes docs/scorecard.png, the README's picture of the scorecard page: two weeks of demo-shop
 * history, and on the last day a redesigned uk category (a broken selector, as a team would see it).
 * Run: npx tsx scripts/docs/scorecard-screenshot.ts
 */
const TODAY = '2026-11-23';
const session = await startSession({ dataDir: null, shopPort: 0, apiPort: 0 });
try {
  for (const day of daysBefore(TODAY, 13)) await scanDay(session, day, `history ${day}`);
  session.shop.faults.add({ type: 'layout', market: 'uk', path: '/uk/c/' });
  await scanDay(session, TODAY);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${await session.stack.signIn()}` });
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(`${session.stack.http.url}/scorecards/${TODAY}?format=html`, { waitUntil: 'load' });
    const file = path.resolve('docs/scorecard.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
  }
} finally {
  await session.close();
}
