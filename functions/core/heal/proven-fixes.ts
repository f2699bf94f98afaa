import type { Classifier } from '../extract/classify.ts';
import { describePage, describeTarget } from '../jobs/describe.ts';
import type { Target } from '../jobs/expand.ts';
import type { SiteFile } from '../selectors/schema.ts';
import { rowTarget, type ProblemRow, type Scorecard } from '../scorecard/types.ts';
import { noteFix } from '../store/observations/note-fix.ts';
import type { RunProgress, SuggestedFix } from '../store/model.ts';
import { brokenPageOf } from './broken-pages.ts';
import { suggestForPage } from './suggest-page.ts';

export interface ProvenFixesDeps {
  tableName: string;
  bucketName: string;
  /** The selector files a run was read with: its version, or the bundled files for a run without one. */
  selectorsOf: (version: number | undefined) => Promise<{ sites: SiteFile[]; classify: Classifier }>;
  /** Named in the command the hint gives (`--stack`), when the sweep runs on a deployed stack. */
  stackName?: string | undefined;
  /** Stop looking once this much time has gone: the alerts must still go out. */
  budgetMs?: number;
  now?: () => number;
}

/** Pages (site × market × page) tried per run: a redesign breaks every keyword of a page at once, one proof covers them. */
export const MAX_PAGES_TRIED = 12;
/** The tries of a page: a keyword whose products moved on may fail where the next one proves the fix. */
const TRIES_PER_PAGE = 2;

export interface ProvenFixes {
  fixes: Array<{ page: string; fix: SuggestedFix; marked: number }>;
  /** Pages left untried (the cap or the time budget): said in the log, never hidden. */
  untried: string[];
}

interface BrokenRow {
  target: Target;
  problem: ProblemRow;
}

/**
 * After a run, for each listing page whose selectors missed in it (the run's scorecard's
 * problems): tries `suggest` (learnt from the page's last good day, proven on both days' archives)
 * and, when a fix is proven, notes it on the run's broken observations of that page and on the
 * card's problem rows, so the day's views, the "needs attention" entry and the selector_broken
 * alert can say "a fix was found: run shelfwatch suggest …". Nothing in the scrape path: this runs
 * once, in the alert sweep, and reads only the broken pages' archives and histories.
 */
export async function markProvenFixes(
  run: Pick<RunProgress, 'runId' | 'date' | 'selectorsVersion'>,
  card: Scorecard,
  deps: ProvenFixesDeps,
): Promise<ProvenFixes> {
  const now = deps.now ?? Date.now;
  const started = now();
  const byPage = new Map<string, BrokenRow[]>();
  for (const market of card.targets)
    for (const problem of market.problems) {
      if (problem.status !== 'selector_miss' || problem.kind === 'placement') continue;
      const target = rowTarget(market, problem);
      const page = `${target.site}/${target.market} ${describePage(target)}`;
      byPage.set(page, [...(byPage.get(page) ?? []), { target, problem }]);
    }
  const result: ProvenFixes = { fixes: [], untried: [] };
  if (byPage.size === 0) return result;
  const { sites, classify } = await deps.selectorsOf(run.selectorsVersion);
  for (const [page, rows] of byPage) {
    if (result.fixes.length + result.untried.length >= MAX_PAGES_TRIED || now() - started > (deps.budgetMs ?? 60_000)) {
      result.untried.push(page);
      continue;
    }
    const { site, market } = rows[0]!.target;
    const file = sites.find((s) => s.site === site && s.market === market);
    if (!file) continue;
    for (const { target, problem } of rows.slice(0, TRIES_PER_PAGE)) {
      const brokenPage = await brokenPageOf(deps, {
        target,
        date: run.date,
        html: problem.evidence.html,
        pageUrl: problem.evidence.pageUrl,
      });
      if (!brokenPage) continue;
      const tried = suggestForPage(file, classify, brokenPage);
      if (tried.kind !== 'suggested' || tried.suggestion.kind !== 'fix') continue;
      const fix: SuggestedFix = {
        command: suggestCommand({ ...target, date: run.date }, deps.stackName),
        recovered: tried.suggestion.best.recovered,
        known: tried.suggestion.known,
        provenOn: describeTarget({ kind: target.kind, page: target.page, keyword: target.keyword }),
      };
      let marked = 0;
      for (const row of rows)
        if (await noteFix(deps.tableName, row.target, run, fix)) {
          row.problem.fix = fix;
          marked += 1;
        }
      result.fixes.push({ page, fix, marked });
      break;
    }
  }
  return result;
}

/** The command that shows the fix as a diff (and applies it with --write): the page, the day, the stack. */
export function suggestCommand(
  target: Pick<Target, 'site' | 'market' | 'page'> & { date: string },
  stackName?: string,
) {
  const page = /^[\w.-]+$/.test(target.page) ? target.page : JSON.stringify(target.page);
  return `shelfwatch suggest ${target.site}/${target.market} --page ${page} --date ${target.date}${stackName ? ` --stack ${stackName}` : ''}`;
}
