import type { PageStatus } from '../extract/types.ts';
import { describePage } from '../jobs/describe.ts';
import { daysBetween } from '../day.ts';
import type { PageKind } from '../jobs/expand.ts';
import { tileWarnings } from './tile-warnings.ts';
import type { SuggestedFix } from '../store/model.ts';
import type { AutoRenderDay, Scorecard } from './types.ts';

/** How one page of a selector file is doing: what a maintainer checks first. */
export interface HealthRow {
  site: string;
  market: string;
  kind: PageKind;
  page: string;
  /** ok when every job of the page was read cleanly; else the status most of its failing jobs ended in. */
  status: PageStatus;
  jobs: number;
  failing: number;
  /** The last day the page was read cleanly (today when any of its jobs was); null when not within the lookback. */
  lastGood: string | null;
  /** The first day of the current run of selector misses, when that is what is wrong. */
  brokenSince: string | null;
  /** Days the page has been broken: since brokenSince (inclusive), since lastGood, or since it was first scanned; null when longer than the lookback. */
  daysBroken: number | null;
  /** The first day the page was scanned within the lookback (a market added today: today); null when not known. */
  firstScanned: string | null;
  /** What its tiles say of its selectors even when it reads: unknown brands, two prices, stale sponsored (tile-warnings.ts). */
  warnings: string[];
  /** A selector fix found and proven after the run for one of its broken jobs (heal/proven-fixes.ts). */
  fix: SuggestedFix | null;
  /** For a `render: auto` page: how its jobs were read today and what the checks found. */
  rendering: string | null;
}

/** Per site × market × page, most urgent first, from a scorecard whose problems carry their history (loadScorecard). Pure. */
export function selectorHealth(card: Scorecard): HealthRow[] {
  const rows: HealthRow[] = [];
  for (const target of card.targets) {
    const pages = new Map<string, { kind: PageKind; page: string; jobs: number }>();
    const count = (kind: PageKind, page: string) => {
      const entry = pages.get(`${kind}#${page}`) ?? { kind, page, jobs: 0 };
      entry.jobs += 1;
      pages.set(`${kind}#${page}`, entry);
    };
    for (const row of target.search) count('search', row.page);
    for (const row of target.categories) count('category', row.category);
    for (const row of target.placements) count('placement', row.page);
    for (const { kind, page, jobs } of pages.values()) {
      const problems = target.problems.filter((problem) => problem.kind === kind && problem.page === page);
      const status = problems.length === 0 ? 'ok' : mostCommon(problems.map((problem) => problem.status));
      const anyOk = problems.length < jobs;
      const lastGood = anyOk ? card.date : latest(problems.map((problem) => problem.lastGood ?? null));
      const brokenSince = anyOk ? null : earliest(problems.map((problem) => problem.brokenSince ?? null));
      const firstScanned = earliest(problems.map((problem) => problem.firstScanned ?? null));
      rows.push({
        site: target.site,
        market: target.market,
        kind,
        page,
        status,
        jobs,
        failing: problems.length,
        lastGood,
        brokenSince,
        daysBroken: daysBroken(card.date, anyOk, brokenSince, lastGood ?? null, firstScanned),
        firstScanned,
        warnings: tileWarnings(target, kind, page),
        fix: problems.find((problem) => problem.fix)?.fix ?? null,
        rendering: describeAutoRender(target.autoRender?.[`${kind}#${page}`]),
      });
    }
  }
  return rows.sort(byUrgency);
}

/** "auto: 21 of 24 read with a plain fetch; 3 checked with Chromium: the same". */
export function describeAutoRender(day: AutoRenderDay | undefined): string | null {
  if (!day) return null;
  const jobs = day.plain + day.chrome;
  const checked = day.checks
    ? `; ${day.checks} checked with Chromium: ${day.differed ? `they differ (${day.differed}), read with Chromium from now on` : 'the same'}`
    : '';
  return `auto: ${day.plain} of ${jobs} read with a plain fetch${checked}`;
}

/** Longest broken first (unknown length counts as longest), then other problems, then warnings, then pages that are fine. */
function byUrgency(a: HealthRow, b: HealthRow): number {
  const weight = (row: HealthRow) =>
    row.status === 'ok'
      ? row.warnings.length > 0
        ? -1
        : -2
      : row.daysBroken === null
        ? Number.MAX_SAFE_INTEGER
        : row.daysBroken;
  return (
    weight(b) - weight(a) ||
    a.site.localeCompare(b.site) ||
    a.market.localeCompare(b.market) ||
    a.kind.localeCompare(b.kind) ||
    a.page.localeCompare(b.page)
  );
}

function daysBroken(
  today: string,
  anyOk: boolean,
  brokenSince: string | null,
  lastGood: string | null,
  firstScanned: string | null,
): number | null {
  if (anyOk) return 0;
  if (brokenSince) return daysBetween(brokenSince, today) + 1;
  if (lastGood) return daysBetween(lastGood, today);
  // Never read cleanly: broken for as long as it has been scanned (a page added today, one day).
  return firstScanned ? daysBetween(firstScanned, today) + 1 : null;
}

/** What the "last good run" cell says: the day, or that there was none since the page was first scanned. */
export function lastGoodLabel(row: Pick<HealthRow, 'lastGood' | 'firstScanned'>, lookbackDays: number): string {
  if (row.lastGood) return row.lastGood;
  return row.firstScanned ? `never (first scanned ${row.firstScanned})` : `none in ${lookbackDays} days`;
}

function mostCommon(statuses: PageStatus[]): PageStatus {
  const counts = new Map<PageStatus, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] === 'selector_miss' ? -1 : 0))[0]![0];
}

function latest(days: Array<string | null>): string | null {
  return days.reduce<string | null>((last, day) => (day !== null && (last === null || day > last) ? day : last), null);
}

function earliest(days: Array<string | null>): string | null {
  return days.reduce<string | null>(
    (first, day) => (day !== null && (first === null || day < first) ? day : first),
    null,
  );
}

/** "search", "category mascara", "placement home": a page as a maintainer names it. */
export function healthPageLabel(row: Pick<HealthRow, 'kind' | 'page'>): string {
  return describePage(row);
}
