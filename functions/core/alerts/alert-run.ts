import { evidenceUrl } from '../evidence/links.ts';
import { shiftDay, todayUtc } from '../day.ts';
import { loadScorecard } from '../views/load-card.ts';
import { publishDay } from '../views/publish-day.ts';
import { markProvenFixes, type ProvenFixesDeps } from '../heal/proven-fixes.ts';
import { addDayAlerts } from '../store/days/add-day-markets.ts';
import type { RunProgress } from '../store/model.ts';
import type { Scorecard } from '../scorecard/types.ts';
import { claimRunAlerts, markRunAlerted, releaseRunAlerts, runsAwaitingAlerts } from '../store/runs/alert-claims.ts';
import { getRunProgress } from '../store/runs/run-progress.ts';
import { deliverAlerts, type AlertSinks, type Delivery } from './deliver.ts';
import { detectAlerts, type Alert, type AlertRules } from './detect.ts';
import { daySummaryLines } from './day-lines.ts';
import type { DayOverview, LinkedAlert } from './format.ts';
import { marketPath, summaryPath } from '../app-pages/app-paths.ts';

export interface AlertRunDeps {
  tableName: string;
  bucketName: string;
  rules: AlertRules;
  sinks: AlertSinks;
  /** The app's address, for links to the day's summary, the market pages and the evidence (they open after signing in). */
  apiUrl?: string | undefined;
  /** A run still unfinished this long after it started is alerted anyway, with a run_incomplete alert. */
  runDeadlineMs: number;
  now: () => Date;
  /** Looks for proven selector fixes of the run's broken pages before the day is published (heal/proven-fixes.ts). */
  fixes?: Pick<ProvenFixesDeps, 'selectorsOf' | 'stackName' | 'budgetMs'> | undefined;
}

export type RunAlertStatus = 'sent' | 'no_alerts' | 'waiting' | 'already_sent' | 'delivery_failed' | 'unknown_run';

export interface RunAlerts {
  runId: string;
  date: string | null;
  status: RunAlertStatus;
  alerts: LinkedAlert[];
  deliveries: Delivery[];
  /** The broken pages a fix was found for; why looking failed, if it did (the alerts go out anyway). */
  fixes?: { found: string[]; untried: string[]; error?: string };
}

/** A claim outlives a slow delivery but not a crashed sender: the next sweep takes the run over. */
const CLAIM_MS = 5 * 60_000;

/**
 * Once a run has finished (or overrun its deadline), compares its day with the day before, and sends
 * the alerts that calls for to every sink, exactly once per run.
 */
export async function alertRun(runId: string, deps: AlertRunDeps): Promise<RunAlerts> {
  const progress = await getRunProgress(deps.tableName, runId);
  let fixes: RunAlerts['fixes'];
  const result = (status: RunAlertStatus, alerts: LinkedAlert[] = [], deliveries: Delivery[] = []): RunAlerts => ({
    runId,
    date: progress?.date ?? null,
    status,
    alerts,
    deliveries,
    ...(fixes ? { fixes } : {}),
  });
  if (!progress) return result('unknown_run');
  if (progress.alertedAt) return result('already_sent');
  const now = deps.now();
  const overdue = now.getTime() - Date.parse(progress.createdAt) >= deps.runDeadlineMs;
  if (!progress.complete && !overdue) return result('waiting');
  if (!(await claimRunAlerts(deps.tableName, runId, now, CLAIM_MS))) return result('already_sent');
  try {
    // Only the pages this run read: an on-demand scan of one market alerts about that market.
    const card = await loadScorecard(deps.tableName, progress.date, { runId });
    // Fixes for its broken pages first, so the day's views and the selector_broken alerts name them.
    if (deps.fixes && card)
      fixes = await lookForFixes(progress, card, {
        ...deps.fixes,
        tableName: deps.tableName,
        bucketName: deps.bucketName,
      });
    // The day's stored scorecard before the alerts, so the summary they link to shows what they say.
    const summary = await publishDay(progress.date, deps);
    const alerts = [
      ...(card ? detectAlerts(card, deps.rules) : []),
      ...(progress.complete ? [] : [incompleteRun(progress)]),
    ];
    const linked = linkAlerts(alerts, deps.apiUrl);
    const day: DayOverview = {
      lines: daySummaryLines(summary),
      summaryUrl: deps.apiUrl ? `${base(deps.apiUrl)}${summaryPath(progress.date)}` : null,
    };
    const deliveries = await deliverAlerts(progress, linked, deps.sinks, day);
    if (deliveries.length > 0 && deliveries.every((delivery) => !delivery.ok)) {
      await releaseRunAlerts(deps.tableName, runId);
      return result('delivery_failed', linked, deliveries);
    }
    await markRunAlerted(deps.tableName, runId, deps.now(), { alerts: linked.length, deliveries });
    if (linked.length) await addDayAlerts(deps.tableName, progress.date, linked.length);
    return result(linked.length ? 'sent' : 'no_alerts', linked, deliveries);
  } catch (error) {
    await releaseRunAlerts(deps.tableName, runId);
    throw error;
  }
}

/** Every run of the last two scan days (and tomorrow's, for time zones ahead of UTC) whose alerts are due. */
export async function alertDueRuns(deps: AlertRunDeps): Promise<RunAlerts[]> {
  const today = todayUtc(deps.now());
  const runIds = (
    await Promise.all([-1, 0, 1].map((offset) => runsAwaitingAlerts(deps.tableName, shiftDay(today, offset))))
  ).flat();
  const results: RunAlerts[] = [];
  for (const runId of runIds) results.push(await alertRun(runId, deps));
  return results;
}

/** A failure to look for fixes is said in the result, never a reason to hold back the run's alerts. */
async function lookForFixes(
  progress: RunProgress,
  card: Scorecard,
  deps: ProvenFixesDeps,
): Promise<NonNullable<RunAlerts['fixes']>> {
  try {
    const found = await markProvenFixes(progress, card, deps);
    return { found: found.fixes.map((entry) => entry.page), untried: found.untried };
  } catch (error) {
    return { found: [], untried: [], error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function incompleteRun(progress: RunProgress): Alert {
  const scope = (values: string[] | undefined) => (values?.length ? values.join(',') : 'all');
  const finished = progress.jobsExpected - progress.pending;
  return {
    kind: 'run_incomplete',
    date: progress.date,
    site: scope(progress.filter.sites),
    market: scope(progress.filter.markets),
    pageKind: null,
    page: null,
    keyword: null,
    what: `Run ${progress.runId} has not finished: ${progress.pending} of ${progress.jobsExpected} pages never reported${progress.error ? ` (${progress.error})` : ''}; put them back on the stream with: shelfwatch redrive --run ${progress.runId}`,
    yesterday: '–',
    today: `${finished} of ${progress.jobsExpected} pages read`,
    evidence: { pageUrl: null, screenshot: null, html: null },
  };
}

const base = (url: string) => url.replace(/\/$/, '');

/** Links that never expire: the app's own addresses, which check the session and then show the page. */
function linkAlerts(alerts: Alert[], apiUrl: string | undefined): LinkedAlert[] {
  return alerts.map((alert) => ({
    ...alert,
    screenshotUrl: apiUrl && alert.evidence.screenshot ? evidenceUrl(apiUrl, alert.evidence.screenshot) : null,
    scorecardUrl: apiUrl
      ? `${base(apiUrl)}${alert.kind === 'run_incomplete' ? summaryPath(alert.date) : marketPath(alert.date, alert.site, alert.market)}`
      : null,
  }));
}
