import { pageName, targetKey, type Target } from '../jobs/expand.ts';
import type { PageSpec } from '../selectors/schema.ts';
import { stableHash } from '../jobs/stable-hash.ts';

/** What the last check of a page found: read it with a plain fetch, or with Chromium, and why. */
export interface RenderVerdict {
  mode: 'static' | 'chrome';
  why: string;
  checkedAt: string;
  runId: string;
  /** Tiles (or slot items) Chromium read at the check: a plain read far short of it is not trusted. */
  items: number;
}

/** How one job of a `render: auto` page is read. */
export type RenderPlan = 'check' | 'static' | 'chrome';

/** One job in this many is read both ways and compared, whatever the verdict: a page that changes is noticed. */
export const CHECK_EVERY = 10;

/** Whose verdict a job follows: its page (site × market × page kind and name), for every keyword of it. */
export function verdictKey(target: Target): string {
  return `${target.site}#${target.market}#${target.kind}#${target.page}`;
}

/** A page spec's verdict key, as jobs of it have it. */
export function verdictKeyOfPage(site: { site: string; market: string }, page: PageSpec): string {
  return `${site.site}#${site.market}#${page.kind}#${pageName(page)}`;
}

/**
 * No verdict yet: check. A job the sample picks: check. Otherwise the verdict's mode. The sample
 * is a hash of the run and the target, so each run checks a different tenth of a page's jobs and
 * a page of one job is checked about every tenth run. Pure.
 */
export function renderPlan(verdict: RenderVerdict | undefined, runId: string, target: Target): RenderPlan {
  if (!verdict || sampled(runId, target)) return 'check';
  return verdict.mode;
}

export function sampled(runId: string, target: Target): boolean {
  return stableHash(`${runId}|${targetKey(target)}`) % CHECK_EVERY === 0;
}

/**
 * Whether a plain read between checks is trusted: ok (or the page's own "no results" note, which a
 * page whose checks agree serves in its HTML too), and not far short of what Chromium read at the
 * last check (a page that now fills its tiles by script reads fewer). Anything else goes to
 * Chromium at once, and the page with it. Pure.
 */
export function trustedStaticRead(status: string, items: number, verdict: RenderVerdict): string | null {
  if (status === 'no_results') return null;
  if (status !== 'ok') return `a plain fetch read ${status}`;
  if (verdict.items > 0 && items < Math.ceil(verdict.items / 2))
    return `a plain fetch read ${items} items where Chromium read ${verdict.items} at the last check`;
  return null;
}
