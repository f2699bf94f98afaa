import { evidenceLinks } from '../evidence/links.ts';
import { shiftDay, todayUtc } from '../day.ts';
import { loadScorecard } from '../scorecard/load.ts';
import type { RunProgress } from '../store/model.ts';
import { claimRunAlerts, markRunAlerted, releaseRunAlerts, runsAwaitingAlerts } from '../store/runs/alert-claims.ts';
import { getRunProgress } from '../store/runs/run-progress.ts';
import { deliverAlerts, type AlertSinks, type Delivery } from './deliver.ts';
import { detectAlerts, type Alert, type AlertRules } from './detect.ts';
import type { LinkedAlert } from './format.ts';

export interface AlertRunDeps {
  tableName: string;
  bucketName: string;
  rules: AlertRules;
  sinks: AlertSinks;
  /** The API's base address, for a link to the day's scorecard page. */
  apiUrl?: string | undefined;
  /** How long screenshot links in alerts work (a presigned URL lives at most as long as its credentials). */
  linkSeconds: number;
  /** A run still unfinished this long after it started is alerted anyway, with a run_incomplete alert. */
  runDeadlineMs: number;
  now: () => Date;
}

export type RunAlertStatus = 'sent' | 'no_alerts' | 'waiting' | 'already_sent' | 'delivery_failed' | 'unknown_run';

export interface RunAlerts {
  runId: string;
  date: string | null;
  status: RunAlertStatus;
  alerts: LinkedAlert[];
  deliveries: Delivery[];
}

/** A claim outlives a slow delivery but not a crashed sender: the next sweep takes the run over. */
const CLAIM_MS = 5 * 60_000;

/**
 * Once a run has finished (or overrun its deadline), compares its day with the day before, and sends
 * the alerts that calls for to every sink, exactly once per run.
 */
export async function alertRun(runId: string, deps: AlertRunDeps): Promise<RunAlerts> {
  const progress = await getRunProgress(deps.tableName, runId);
  const result = (status: RunAlertStatus, alerts: LinkedAlert[] = [], deliveries: Delivery[] = []): RunAlerts => ({
    runId,
    date: progress?.date ?? null,
    status,
    alerts,
    deliveries,
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
    const alerts = [
      ...(card ? detectAlerts(card, deps.rules) : []),
      ...(progress.complete ? [] : [incompleteRun(progress)]),
    ];
    const linked = await linkAlerts(alerts, deps);
    const deliveries = await deliverAlerts(progress, linked, deps.sinks);
    if (deliveries.length > 0 && deliveries.every((delivery) => !delivery.ok)) {
      await releaseRunAlerts(deps.tableName, runId);
      return result('delivery_failed', linked, deliveries);
    }
    await markRunAlerted(deps.tableName, runId, deps.now(), { alerts: linked.length, deliveries });
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

async function linkAlerts(alerts: Alert[], deps: AlertRunDeps): Promise<LinkedAlert[]> {
  const keys = alerts.flatMap((alert) => (alert.evidence.screenshot ? [alert.evidence.screenshot] : []));
  const links = keys.length ? await evidenceLinks(deps.bucketName, keys, deps.linkSeconds) : new Map<string, string>();
  return alerts.map((alert) => ({
    ...alert,
    screenshotUrl: alert.evidence.screenshot ? (links.get(alert.evidence.screenshot) ?? null) : null,
    scorecardUrl: deps.apiUrl ? `${deps.apiUrl.replace(/\/$/, '')}/scorecards/${alert.date}?format=html` : null,
  }));
}
