import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import type { BrowserStep } from '../selectors/schema.ts';

export interface StepsResult {
  /** What a step could not do ("step click \"#accept\" found nothing"). */
  notes: string[];
  /** Documents loaded by clicks marked `navigates` (any other navigation is the page's own). */
  navigations: number;
}

/**
 * Runs a selector file's browser steps: consent clicks, scrolling for lazy content, waits. A step
 * whose element never shows is noted, not thrown: extraction then says which selectors missed.
 */
export async function runSteps(page: Page, steps: BrowserStep[], timeoutMs: number): Promise<StepsResult> {
  const notes: string[] = [];
  let navigations = 0;
  for (const step of steps) {
    if ('click' in step) {
      const clicked = await click(page, step, timeoutMs);
      if (clicked === 'navigated') navigations += 1;
      if (!clicked) notes.push(`step click "${step.click}" found nothing`);
    } else if ('scroll' in step) {
      await scroll(page, step.scroll);
    } else if ('waitFor' in step) {
      if (!(await appears(page, step.waitFor, timeoutMs)))
        notes.push(`step waitFor "${step.waitFor}" timed out after ${timeoutMs} ms`);
    } else {
      await sleep(step.wait);
    }
  }
  return { notes, navigations };
}

/** false when a required element never showed; 'navigated' when the click loaded a new document. */
async function click(
  page: Page,
  step: Extract<BrowserStep, { click: string }>,
  timeoutMs: number,
): Promise<boolean | 'navigated'> {
  if (step.optional) {
    if ((await page.$(step.click)) === null) return true;
  } else if (!(await appears(page, step.click, timeoutMs))) {
    return false;
  }
  if (step.navigates) {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: timeoutMs }),
      page.click(step.click),
    ]);
    return 'navigated';
  }
  await page.click(step.click);
  return true;
}

/** Scrolls in screen-sized steps, so lazy loaders that watch the viewport all fire. */
async function scroll(page: Page, target: string): Promise<void> {
  if (target !== 'bottom') {
    await page.$eval(target, (element) => element.scrollIntoView()).catch(() => undefined);
    return;
  }
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    window.scrollTo(0, document.body.scrollHeight);
  });
}

async function appears(page: Page, selector: string, timeoutMs: number): Promise<boolean> {
  try {
    await page.waitForSelector(selector, { timeout: timeoutMs });
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return false;
    throw error;
  }
}
