import { rm } from 'node:fs/promises';
import { startDemoShop } from '../demo-shop/server.ts';
import { WEIGHT } from '../demo-shop/real-weight.ts';
import { benchPages, benchSelectors } from './pages.ts';
import type { HeavySet } from './heavy-pages.ts';

/**
 * The demo pages with real weight (demo-shop/real-weight.ts): search results of 12 keywords, 6
 * server-rendered (us) and 6 drawn by script (uk), each with a real page's stylesheets, fonts,
 * images and third-party scripts. A heavy set the heavy section measures as it measures the saved
 * real pages, with tiles the shop draws, so a page ready on its tiles is ready on real ones.
 */
export async function startWeightedDemoSet(rootDir: string, latencyMs: number, date: string): Promise<HeavySet> {
  const shop = await startDemoShop({ latencyMs, date, weight: 'real' });
  const selectorsDir = await benchSelectors(rootDir, 6);
  try {
    const pages = await benchPages(selectorsDir, shop.url);
    return {
      pages: pages.map((page) => ({
        name: `${page.job.market} "${page.job.keyword}"`,
        url: page.url,
        readySelector: page.readySelector,
      })),
      assets: {
        image: WEIGHT.images * pages.length,
        stylesheet: WEIGHT.stylesheets * pages.length,
        font: WEIGHT.fonts * pages.length,
        script: (WEIGHT.headScripts + WEIGHT.asyncScripts) * pages.length,
      },
      close: () => shop.close(),
    };
  } catch (error) {
    await shop.close();
    throw error;
  } finally {
    await rm(selectorsDir, { recursive: true, force: true });
  }
}
