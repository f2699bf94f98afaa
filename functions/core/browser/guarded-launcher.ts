import type { Browser } from 'puppeteer-core';
import { startGuardProxy, type GuardProxy, type Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import { launchBrowser, type LaunchOptions } from './launch.ts';

export interface GuardedLauncher {
  /** A browser whose every connection goes through a guarding proxy, chained to `upstream` when given. */
  launch(upstream?: string | null): Promise<Browser>;
  /** What the proxies refused since a time (ms since the epoch), for the pages open then. */
  refusalsSince(since: number): Refusal[];
  close(): Promise<void>;
}

/**
 * One guarding proxy per process (a Lambda container) for direct browsers, started on first
 * launch; a browser of a proxy session gets a guarding proxy of its own, chained to the session's
 * upstream, closed with the browser.
 */
export function guardedLauncher(guard: RequestGuard, options: Omit<LaunchOptions, 'proxyUrl'> = {}): GuardedLauncher {
  let proxy: Promise<GuardProxy> | undefined;
  const running = new Set<GuardProxy>();
  const ready = () => {
    proxy ??= startGuardProxy(guard).then((started) => {
      running.add(started);
      return started;
    });
    return proxy;
  };
  const launchVia = async (upstream: string): Promise<Browser> => {
    const chained = await startGuardProxy(guard, { upstream });
    running.add(chained);
    const closeProxy = () => {
      running.delete(chained);
      void chained.close();
    };
    try {
      const browser = await launchBrowser({ ...options, proxyUrl: chained.url });
      browser.once('disconnected', closeProxy);
      return browser;
    } catch (error) {
      closeProxy();
      throw error;
    }
  };
  return {
    launch: async (upstream) =>
      upstream ? launchVia(upstream) : launchBrowser({ ...options, proxyUrl: (await ready()).url }),
    refusalsSince: (since) => [...running].flatMap((each) => each.refusalsSince(since)).sort((a, b) => a.at - b.at),
    close: async () => {
      await proxy?.catch(() => undefined);
      proxy = undefined;
      const all = [...running];
      running.clear();
      await Promise.all(all.map((each) => each.close()));
    },
  };
}
