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
 * No verdict yet: check. A job the sample picks: check. Otherwise the verdict's mode. Pure.
 * `pageKeywords` are the keywords of the job's page in its selector file, so that the sample
 * can take an exact tenth of them (see `sampled`).
 */
export function renderPlan(
  verdict: RenderVerdict | undefined,
  runId: string,
  target: Target,
  pageKeywords?: readonly string[],
): RenderPlan {
  if (!verdict || sampled(runId, target, pageKeywords)) return 'check';
  return verdict.mode;
}

/**
 * Whether this run checks this job. A search page's keywords: exactly a tenth of them each run
 * (`checkedKeywords`), a different tenth each run. A page of one job (or a keyword its file
 * no longer lists): a hash of the run and the target, so it is checked on about every tenth run.
 */
export function sampled(runId: string, target: Target, pageKeywords?: readonly string[]): boolean {
  if (target.keyword !== undefined && pageKeywords?.includes(target.keyword))
    return checkedKeywords(runId, target, pageKeywords).has(target.keyword);
  return stableHash(`${runId}|${targetKey(target)}`) % CHECK_EVERY === 0;
}

/** The last sample drawn for a page's keyword list: its run's jobs come in batches; another run's draws afresh. */
const lastSample = new WeakMap<readonly string[], { runId: string; checked: ReadonlySet<string> }>();

/**
 * The keywords of a page this run checks: the first n / 10 of them (rounded down) in an order
 * the run's hash gives, and one more on the share of runs that makes up the rest, so a page of 40
 * keywords checks exactly 4 every run (a hash per keyword checked 8 of 40 in one run of the
 * benchmark, and each check holds a tab of Chromium). Pure; every function draws the same sample.
 */
export function checkedKeywords(runId: string, target: Target, keywords: readonly string[]): ReadonlySet<string> {
  const last = lastSample.get(keywords);
  if (last?.runId === runId) return last.checked;
  const unique = [...new Set(keywords)];
  const rest = mixed(stableHash(`${runId}|${verdictKey(target)}`)) % CHECK_EVERY < unique.length % CHECK_EVERY ? 1 : 0;
  const count = Math.floor(unique.length / CHECK_EVERY) + rest;
  const ranked = unique
    .map((keyword) => ({ keyword, rank: mixed(stableHash(`${runId}|${targetKey({ ...target, keyword })}`)) }))
    .sort((a, b) => a.rank - b.rank || (a.keyword < b.keyword ? -1 : 1));
  const checked = new Set(ranked.slice(0, count).map(({ keyword }) => keyword));
  lastSample.set(keywords, { runId, checked });
  return checked;
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

/**
 * FNV-1a of texts that differ in their last characters ("k6", "k7") keeps their order from run to
 * run; a finalizer (MurmurHash3's) spreads every bit, so each run ranks the keywords afresh.
 */
function mixed(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
