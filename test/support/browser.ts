import type { Browser } from 'puppeteer-core';
import { afterAll } from 'vitest';
import { guardedLauncher, type GuardedLauncher } from '../../functions/core/browser/guarded-launcher.ts';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { createRequestGuard } from '../../functions/core/security/request-guard.ts';

/** One real Chromium per test file, launched on first use and closed after the file's tests. */
export function sharedBrowser(): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined;
  afterAll(async () => {
    await (await browser)?.close();
  });
  return () => (browser ??= launchBrowser());
}

/** The scraper's browser for one test file: every connection through the guarding proxy, `allowed()` origins let through. */
export function sharedGuardedBrowser(allowed: () => string[]): {
  browser: () => Promise<Browser>;
  launcher: () => GuardedLauncher;
} {
  let launcher: GuardedLauncher | undefined;
  let browser: Promise<Browser> | undefined;
  const ready = () => (launcher ??= guardedLauncher(createRequestGuard({ allowedOrigins: allowed() })));
  afterAll(async () => {
    await (await browser)?.close();
    await launcher?.close();
  });
  return { browser: () => (browser ??= ready().launch()), launcher: ready };
}
