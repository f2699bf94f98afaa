import type { Page } from 'puppeteer-core';
import { outlinedRegion } from './outline.ts';

/** Chromium cannot capture taller than this in one image (beyond it, the picture repeats its top). */
export const MAX_SHOT_HEIGHT = 16_000;

/**
 * The page with its outlines; a very tall page only where the matches are (with the legend's
 * place at the top when it fits), so the picture stays true instead of repeating its top.
 */
export async function screenshotMatches(page: Page, file: string): Promise<{ clipped: boolean }> {
  const region = await outlinedRegion(page);
  const height = region?.height ?? (await page.evaluate(() => document.documentElement.scrollHeight));
  if (height <= MAX_SHOT_HEIGHT || !region) {
    await page.screenshot({ path: file, fullPage: height <= MAX_SHOT_HEIGHT, captureBeyondViewport: true });
    return { clipped: height > MAX_SHOT_HEIGHT };
  }
  const top = Math.max(0, Math.min(region.top - 100, region.height - MAX_SHOT_HEIGHT));
  const clipHeight = Math.min(MAX_SHOT_HEIGHT, Math.max(region.bottom + 100, top + 900) - top);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: file, captureBeyondViewport: true, clip: { x: 0, y: top, width, height: clipHeight } });
  return { clipped: true };
}
