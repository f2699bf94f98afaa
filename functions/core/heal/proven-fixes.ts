import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import type { Classifier } from '../extract/classify.ts';
import { describeTarget } from '../jobs/describe.ts';
import type { SiteFile } from '../selectors/schema.ts';
import { observationKey } from '../store/keys.ts';
import type { Observation, RunProgress, SuggestedFix } from '../store/model.ts';
import { queryDay } from '../store/observations/queries.ts';
import { brokenPageOf, isBrokenBySelectors } from './broken-pages.ts';
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

/**
 * After a run, for each listing page whose selectors broke in it: tries `suggest` (learnt from the
 * page's last good day, proven on both days' archives) and, when a fix is proven, notes it on the
 * run's broken observations of that page, so the scorecard's "needs attention" entry and the
 * selector_broken alert can say "a fix was found: run shelfwatch suggest …". Nothing in the scrape
 * path: this runs once, in the alert sweep.
 */
export async function markProvenFixes(
  run: Pick<RunProgress, 'runId' | 'date' | 'selectorsVersion' | 'filter'>,
  deps: ProvenFixesDeps,
): Promise<ProvenFixes> {
  const now = deps.now ?? Date.now;
  const started = now();
  const broken = (await queryDay(deps.tableName, run.date))
    .filter((o) => o.runId === run.runId && o.kind !== 'placement' && isBrokenBySelectors(o))
    .sort((a, b) => pageOf(a).localeCompare(pageOf(b)));
  const byPage = new Map<string, Observation[]>();
  for (const observation of broken)
    byPage.set(pageOf(observation), [...(byPage.get(pageOf(observation)) ?? []), observation]);
  const result: ProvenFixes = { fixes: [], untried: [] };
  if (byPage.size === 0) return result;
  const { sites, classify } = await deps.selectorsOf(run.selectorsVersion);
  for (const [page, observations] of byPage) {
    if (result.fixes.length + result.untried.length >= MAX_PAGES_TRIED || now() - started > (deps.budgetMs ?? 60_000)) {
      result.untried.push(page);
      continue;
    }
    const [first] = observations;
    const file = sites.find((s) => s.site === first!.site && s.market === first!.market);
    if (!file) continue;
    for (const observation of observations.slice(0, TRIES_PER_PAGE)) {
      const brokenPage = await brokenPageOf(deps, observation);
      if (!brokenPage) continue;
      const tried = suggestForPage(file, classify, brokenPage);
      if (tried.kind !== 'suggested' || tried.suggestion.kind !== 'fix') continue;
      const fix: SuggestedFix = {
        command: suggestCommand(observation, deps.stackName),
        recovered: tried.suggestion.best.recovered,
        known: tried.suggestion.known,
        provenOn: describeTarget({ kind: observation.kind, page: observation.page, keyword: observation.keyword }),
      };
      let marked = 0;
      for (const each of observations) if (await noteFix(deps.tableName, each, fix)) marked += 1;
      result.fixes.push({ page, fix, marked });
      break;
    }
  }
  return result;
}

const pageOf = (o: Observation) => `${o.site}/${o.market} ${o.kind} ${o.page}`;

/** The command that shows the fix as a diff (and applies it with --write): the page, the day, the stack. */
export function suggestCommand(target: Pick<Observation, 'site' | 'market' | 'page' | 'date'>, stackName?: string) {
  const page = /^[\w.-]+$/.test(target.page) ? target.page : JSON.stringify(target.page);
  return `shelfwatch suggest ${target.site}/${target.market} --page ${page} --date ${target.date}${stackName ? ` --stack ${stackName}` : ''}`;
}

/** On the observation as this run wrote it: a later read of the page (a retry, a replay) is left as it is. */
async function noteFix(tableName: string, observation: Observation, fix: SuggestedFix): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: observationKey(observation.date, observation),
        UpdateExpression: 'SET suggestedFix = :fix',
        ConditionExpression: 'runId = :run AND observedAt = :at',
        ExpressionAttributeValues: { ':fix': fix, ':run': observation.runId, ':at': observation.observedAt },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
