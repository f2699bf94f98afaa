import { setTimeout as sleep } from 'node:timers/promises';
import type { RateSpec } from '../selectors/access-schema.ts';
import { reserveSlot } from '../store/pace-slots.ts';

/**
 * The least time between two page loads of a site × market, across the fleet: its `delayMs`, or
 * a minute shared out evenly by `requestsPerMinute`, whichever is longer. Null: not paced. Pure.
 */
export function loadIntervalMs(rate: Pick<RateSpec, 'requestsPerMinute' | 'delayMs'>): number | null {
  const perMinute = rate.requestsPerMinute === 'unlimited' ? 0 : Math.ceil(60_000 / rate.requestsPerMinute);
  const interval = Math.max(perMinute, rate.delayMs);
  return interval > 0 ? interval : null;
}

export interface SitePacer {
  /** Resolves when this site × market may be loaded again; returns how long it waited (ms). */
  (site: { site: string; market: string; rate: RateSpec }): Promise<number>;
}

/** Waits for each page load's reserved moment (reserve-slot.ts); a site that is not paced never waits. */
export function sitePacer(tableName: string): SitePacer {
  return async (site) => {
    const interval = loadIntervalMs(site.rate);
    if (interval === null) return 0;
    const slot = await reserveSlot(tableName, site, interval);
    const wait = Math.max(0, slot - Date.now());
    if (wait > 0) await sleep(wait);
    return wait;
  };
}
