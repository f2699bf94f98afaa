import type { Browser } from 'puppeteer-core';

/**
 * One browser per Lambda container: launched on first use, reused by later invocations, replaced
 * after a crash (Chromium on Lambda runs single-process, so one crash takes every tab with it).
 */
export interface BrowserPool {
  get(): Promise<Browser>;
  /** Forget a crashed browser; the next get() launches a new one. */
  discard(): Promise<void>;
  close(): Promise<void>;
  /** How many browsers this pool has launched (cold start is 1). */
  launches(): number;
}

export function createBrowserPool(launch: () => Promise<Browser>): BrowserPool {
  let current: Promise<Browser> | undefined;
  let launches = 0;
  const discard = async () => {
    const browser = current;
    current = undefined;
    await (await browser?.catch(() => undefined))?.close().catch(() => undefined);
  };
  return {
    get() {
      if (!current) {
        launches += 1;
        current = launch().then((browser) => {
          browser.once('disconnected', () => {
            if (current) void discard();
          });
          return browser;
        });
        current.catch(() => {
          current = undefined;
        });
      }
      return current;
    },
    discard,
    close: discard,
    launches: () => launches,
  };
}
