import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import type { BrowserStep } from '../selectors/schema.ts';

export interface StepsResult {
  /** What a step could not do ("step click \"#accept\" found nothing"). */
  notes: string[];
}

/**
 * Runs a selector file's browser steps: consent clicks, scrolling for lazy content, waits. A step
 * whose element never shows is noted, not thrown: extraction then says which selectors missed.
 * `expectNavigation` is told before a click marked `navigates` is made, so the document it loads is
 * known to be ours before it starts (any other navigation is the page's own), even when it is slow.
 */
export async function runSteps(
  page: Page,
  steps: BrowserStep[],
  timeoutMs: number,
  expectNavigation: () => void = () => undefined,
): Promise<StepsResult> {
  const notes: string[] = [];
  for (const step of steps) {
    if ('click' in step) {
      const clicked = await click(page, step, timeoutMs, expectNavigation);
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
  return { notes };
}

/**
 * false when a required element never showed. A click marked `navigates` waits for the document it
 * loads: a slow one is a timeout (a TimeoutError, retried), never the page navigating by itself.
 */
async function click(
  page: Page,
  step: Extract<BrowserStep, { click: string }>,
  timeoutMs: number,
  expectNavigation: () => void,
): Promise<boolean> {
  if (step.optional) {
    if ((await page.$(step.click)) === null) return true;
  } else if (!(await appears(page, step.click, timeoutMs))) {
    return false;
  }
  if (step.navigates) {
    expectNavigation();
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: timeoutMs }),
      // The click's own navigation can tear down the context it ran in before the click returns.
      page.click(step.click).catch((error: unknown) => {
        if (!/Execution context was destroyed|Node is detached|Cannot find context/i.test(String(error))) throw error;
      }),
    ]);
    return true;
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
