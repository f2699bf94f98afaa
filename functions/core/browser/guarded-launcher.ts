import type { Browser } from 'puppeteer-core';
import { startGuardProxy, type GuardProxy, type Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import { launchBrowser, type LaunchOptions } from './launch.ts';

export interface GuardedLauncher {
  /** A browser whose every connection goes through the guarding proxy. */
  launch(): Promise<Browser>;
  /** What the proxy refused since a time (ms since the epoch), for the pages open then. */
  refusalsSince(since: number): Refusal[];
  close(): Promise<void>;
}

/** One guarding proxy per process (a Lambda container), started on first launch, shared by every browser it launches. */
export function guardedLauncher(guard: RequestGuard, options: Omit<LaunchOptions, 'proxyUrl'> = {}): GuardedLauncher {
  let proxy: Promise<GuardProxy> | undefined;
  let started: GuardProxy | undefined;
  const ready = () => {
    proxy ??= startGuardProxy(guard).then((running) => (started = running));
    return proxy;
  };
  return {
    launch: async () => launchBrowser({ ...options, proxyUrl: (await ready()).url }),
    refusalsSince: (since) => started?.refusalsSince(since) ?? [],
    close: async () => {
      const running = await proxy?.catch(() => undefined);
      proxy = undefined;
      started = undefined;
      await running?.close();
    },
  };
}
