import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';

/**
 * One browser per Lambda container: launched on first use, reused by later invocations, replaced
 * after a crash (Chromium on Lambda runs single-process, so one crash takes every tab with it), and
 * retired when its memory has grown by a share over what it held after its first pages (a
 * long-lived Chromium keeps growing), or after a number of pages whatever its memory. A retired
 * browser finishes the pages it has and then closes; its successor is launched at once, while those
 * last pages run, so no page waits for a launch.
 */
export interface BrowserPool {
  /**
   * A browser for one page; every lease must be given back with release(). `route` names the
   * upstream proxy session its connections go through (sessions/session-pool.ts); each route has
   * a browser of its own (Chromium's --single-process has one proxy and one cookie jar per browser).
   */
  lease(route?: Route): Promise<Lease>;
  /** Forget a crashed browser; the next lease launches a new one. */
  discard(browser?: Browser): Promise<void>;
  /** A session was dropped: its browser finishes its pages and closes, nothing new goes to it. */
  retireRoute(key: string): void;
  close(): Promise<void>;
  /** How many browsers this pool has launched (a cold start is 1). */
  launches(): number;
}

/** Which upstream proxy a browser's connections go through; null is direct. */
export interface Route {
  key: string;
  upstream: string | null;
}

export interface Lease {
  browser: Browser;
  release(): void;
}

interface Slot {
  key: string;
  route: Route;
  browser: Promise<Browser>;
  served: number;
  active: number;
  retired: boolean;
  usedAt: number;
  /** The most memory it held over its first pages: what growth is measured against. */
  baselineMb: number | null;
}

export interface PoolOptions {
  /** Pages a browser reads at most, whatever its memory (PAGES_PER_BROWSER). */
  pagesPerBrowser?: number;
  /** Retire a browser once its memory is this many times its baseline. */
  memoryGrowth?: number;
  /** A browser's memory in MB (browser-memory.ts); null when it cannot be told. */
  measure?: (browser: Browser) => number | null;
}

/** Without a measure of memory (no /proc), a browser is retired after this many pages. */
export const DEFAULT_PAGES_PER_BROWSER = 400;
/** A browser's baseline is the most memory it held over this many first pages (tabs and caches in place). */
export const BASELINE_PAGES = 10;
/**
 * Retired at 1.2 × its baseline, the growth the benchmark holds a browser to (memory after 200
 * pages over after 10). The baseline is the most it held over its first pages, so the swing of
 * which pages happen to be open is in it. At 1.5 × a browser near its retirement held up to half
 * again its start: 1.24 and 1.30 after 200 heavy pages, against 1.01 and 0.84 at 1.2 ×, for 14
 * launches instead of 10 (each beside the last pages, none waited for) and about 10 % more time
 * a heavy page.
 */
export const DEFAULT_MEMORY_GROWTH = 1.2;
/** Browsers of other routes kept open at once; past this the least recently used one retires. */
const MAX_ROUTES = 2;
const DIRECT: Route = { key: '', upstream: null };

export function createBrowserPool(
  launch: (upstream: string | null) => Promise<Browser>,
  options: PoolOptions = {},
): BrowserPool {
  const pagesPerBrowser = options.pagesPerBrowser ?? DEFAULT_PAGES_PER_BROWSER;
  const growth = options.memoryGrowth ?? DEFAULT_MEMORY_GROWTH;
  const current = new Map<string, Slot>();
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
    if (current.get(slot.key) === slot) current.delete(slot.key);
    if (slot.active === 0) void closeSlot(slot);
  };
  const start = (route: Route): Slot => {
    launches += 1;
    const others = [...current.values()].sort((a, b) => a.usedAt - b.usedAt);
    for (const old of others.slice(0, Math.max(0, others.length - MAX_ROUTES + 1))) retire(old);
    const slot: Slot = {
      key: route.key,
      route,
      browser: launch(route.upstream),
      served: 0,
      active: 0,
      retired: false,
      usedAt: Date.now(),
      baselineMb: null,
    };
    slot.browser.then(
      (browser) => browser.once('disconnected', () => retire(slot)),
      () => retire(slot),
    );
    current.set(route.key, slot);
    return slot;
  };
  /** Retires a browser that served its share, and launches its successor while its last pages run. */
  const succeed = (slot: Slot) => {
    if (slot.retired) return;
    retire(slot);
    if (!current.has(slot.key)) start(slot.route);
  };
  /**
   * After a page: the browser's memory against its baseline, the most it held over its first
   * pages (so the swing of which pages happen to be open is in it, not mistaken for growth).
   */
  const checkMemory = (slot: Slot, browser: Browser) => {
    if (!options.measure || slot.retired) return;
    const mb = options.measure(browser);
    if (mb === null) return;
    if (slot.served <= BASELINE_PAGES) slot.baselineMb = Math.max(slot.baselineMb ?? 0, mb);
    else if (slot.baselineMb !== null && mb > slot.baselineMb * growth) succeed(slot);
  };
  return {
    async lease(route = DIRECT) {
      const slot = current.get(route.key) ?? start(route);
      slot.served += 1;
      slot.active += 1;
      slot.usedAt = Date.now();
      const leased = slot;
      // Its last page: the successor launches now, beside it.
      if (slot.served >= pagesPerBrowser) succeed(slot);
      const browser = await leased.browser.catch((error: unknown) => {
        leased.active -= 1;
        throw error;
      });
      let released = false;
      return {
        browser,
        release: () => {
          if (released) return;
          released = true;
          leased.active -= 1;
          checkMemory(leased, browser);
          if (leased.retired && leased.active === 0) void closeSlot(leased);
        },
      };
    },
    async discard(browser) {
      for (const slot of current.values()) {
        if (browser && (await slot.browser.catch(() => undefined)) !== browser) continue;
        retire(slot);
        await closeSlot(slot);
        return;
      }
    },
    retireRoute(key) {
      const slot = current.get(key);
      if (slot) retire(slot);
    },
    async close() {
      const slots = [...current.values()];
      current.clear();
      await Promise.all(slots.map(closeSlot));
    },
    launches: () => launches,
  };
}
