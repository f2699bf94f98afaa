import type { PageOutcome } from '../page/types.ts';
import type { RetrySpec } from '../selectors/access-schema.ts';
import type { Attempt } from '../store/model.ts';

export type { Attempt };

/** Statuses a site sends a visitor it does not want now: another try, later and as someone else, may pass. */
const TRY_AGAIN_HTTP = new Set([403, 408, 425, 429]);

/** Whether a page came back blocked, 403, 429 or 5xx: worth another try on a new session. Pure. */
export function isTurnedAway(outcome: Pick<PageOutcome, 'status' | 'captures'>): boolean {
  if (outcome.status === 'blocked') return true;
  if (outcome.status !== 'http_error') return false;
  const status = outcome.captures.at(-1)?.httpStatus ?? 0;
  return TRY_AGAIN_HTTP.has(status) || status >= 500;
}

/**
 * How long to wait before try `tryNumber + 1`: the backoff doubling from `backoffMs`, with ±25 %
 * jitter so that many pages turned away together do not come back together, or what the site's
 * Retry-After asks for when that is longer; never more than `maxBackoffMs`. Pure.
 */
export function backoffMs(
  tryNumber: number,
  retryAfter: string | null | undefined,
  spec: RetrySpec,
  now: number,
  random: () => number = Math.random,
): number {
  const doubled = spec.backoffMs * 2 ** Math.max(0, tryNumber - 1) * (0.75 + random() / 2);
  const asked = retryAfterMs(retryAfter, now) ?? 0;
  return Math.round(Math.min(spec.maxBackoffMs, Math.max(doubled, asked)));
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
