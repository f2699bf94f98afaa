import type { Browser } from 'puppeteer-core';
import { afterAll } from 'vitest';
import { launchBrowser } from '../../functions/core/browser/launch.ts';

/** One real Chromium per test file, launched on first use and closed after the file's tests. */
export function sharedBrowser(): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined;
  afterAll(async () => {
    await (await browser)?.close();
  });
  return () => (browser ??= launchBrowser());
}
