import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';

/**
 * One browser per Lambda container: launched on first use, reused by later invocations, replaced
 * after a crash (Chromium on Lambda runs single-process, so one crash takes every tab with it), and
 * retired after a number of pages, because a long-lived Chromium keeps growing in memory. A retired
 * browser finishes the pages it has and then closes; new pages go to a fresh one.
 */
export interface BrowserPool {
  /** A browser for one page; every lease must be given back with release(). */
  lease(): Promise<Lease>;
  /** Forget a crashed browser; the next lease launches a new one. */
  discard(browser?: Browser): Promise<void>;
  close(): Promise<void>;
  /** How many browsers this pool has launched (a cold start is 1). */
  launches(): number;
}

export interface Lease {
  browser: Browser;
  release(): void;
}

interface Slot {
  browser: Promise<Browser>;
  served: number;
  active: number;
  retired: boolean;
}

export const DEFAULT_PAGES_PER_BROWSER = 20;

export function createBrowserPool(
  launch: () => Promise<Browser>,
  pagesPerBrowser = DEFAULT_PAGES_PER_BROWSER,
): BrowserPool {
  let current: Slot | undefined;
  let launches = 0;
  const closeSlot = async (slot: Slot) => {
    const browser = await slot.browser.catch(() => undefined);
    if (!browser) return;
    // A crashed or hung browser may never answer "close": give it a moment, then kill it.
    const closed = await Promise.race([
      browser.close().then(
        () => true,
        () => false,
      ),
      sleep(5_000).then(() => false),
    ]);
    if (!closed) browser.process()?.kill('SIGKILL');
  };
  const retire = (slot: Slot) => {
    slot.retired = true;
    if (current === slot) current = undefined;
    if (slot.active === 0) void closeSlot(slot);
  };
  const start = (): Slot => {
    launches += 1;
    const slot: Slot = { browser: launch(), served: 0, active: 0, retired: false };
    slot.browser.then(
      (browser) => browser.once('disconnected', () => retire(slot)),
      () => retire(slot),
    );
    current = slot;
    return slot;
  };
  return {
    async lease() {
      let slot = current && current.served < pagesPerBrowser ? current : undefined;
      if (!slot) {
        if (current) retire(current);
        slot = start();
      }
      slot.served += 1;
      slot.active += 1;
      const browser = await slot.browser.catch((error: unknown) => {
        slot.active -= 1;
        throw error;
      });
      let released = false;
      return {
        browser,
        release: () => {
          if (released) return;
          released = true;
          slot.active -= 1;
          if (slot.retired && slot.active === 0) void closeSlot(slot);
        },
      };
    },
    async discard(browser) {
      const slot = current;
      if (!slot || (browser && (await slot.browser.catch(() => undefined)) !== browser)) return;
      retire(slot);
      await closeSlot(slot);
    },
    async close() {
      if (current) {
        const slot = current;
        current = undefined;
        await closeSlot(slot);
      }
    },
    launches: () => launches,
  };
}
