import { evidenceUrl } from '../evidence/links.ts';
import { shiftDay, todayUtc } from '../day.ts';
import { marketsOf } from '../views/publish-day.ts';
import { publishSummary } from '../views/publish-summary.ts';
import { publishRun, type PublishRunDeps } from './publish-run.ts';
import { addDayAlerts } from '../store/days/add-day-markets.ts';
import type { RunProgress } from '../store/model.ts';
import { claimRunAlerts, markRunAlerted, releaseRunAlerts, runsAwaitingAlerts } from '../store/runs/alert-claims.ts';
import { getRunProgress } from '../store/runs/run-progress.ts';
import { deliverAlerts, type AlertSinks, type Delivery } from './deliver.ts';
import type { Alert, AlertRules } from './detect.ts';
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
  /** Milliseconds left to this invocation (the Lambda context's); no market is started with too little left. */
  remainingMs?: (() => number) | undefined;
  /** Looks for proven selector fixes of the run's broken pages before their market is published (heal/proven-fixes.ts). */
  fixes?: PublishRunDeps['fixes'];
}

export type RunAlertStatus =
  'sent' | 'no_alerts' | 'waiting' | 'publishing' | 'already_sent' | 'delivery_failed' | 'unknown_run';

export interface RunAlerts {
  runId: string;
  date: string | null;
  status: RunAlertStatus;
  alerts: LinkedAlert[];
  deliveries: Delivery[];
  /** The broken pages a fix was found for. */
  fixes?: { found: string[]; untried: string[]; error?: string };
  /** The run passed its deadline with pages unread (alerted as run_incomplete). */
  overdue?: boolean;
  /** While the day is being published: markets done of all, and published by this sweep. */
  markets?: { done: number; of: number; now: number };
}

/**
 * A claim outlives a sweep (the alerts function's Timeout is two minutes) but not much more: a sweep
 * stopped by its timeout or its memory, which runs no catch to give it back, holds it until then.
 */
const CLAIM_MS = 3 * 60_000;
/** What a sweep keeps for sending the alerts after its last market (the rest of its time goes to markets). */
const RESERVE_MS = 25_000;

/**
 * Once a run has finished (or overrun its deadline), publishes its day (market by market, in as
 * many sweeps as that takes: alerts/publish-run.ts), then sends the alerts its markets called for
 * (today against the day before, the pages this run read) to every sink, exactly once per run.
 */
export async function alertRun(runId: string, deps: AlertRunDeps): Promise<RunAlerts> {
  const progress = await getRunProgress(deps.tableName, runId);
  const result = (status: RunAlertStatus, extra: Partial<RunAlerts> = {}): RunAlerts => ({
    runId,
    date: progress?.date ?? null,
    status,
    alerts: [],
    deliveries: [],
    ...(progress && !progress.complete && overdueOf(progress) ? { overdue: true } : {}),
    ...extra,
  });
  const overdueOf = (run: RunProgress) => deps.now().getTime() - Date.parse(run.createdAt) >= deps.runDeadlineMs;
  if (!progress) return result('unknown_run');
  if (progress.alertedAt) return result('already_sent');
  const now = deps.now();
  const overdue = now.getTime() - Date.parse(progress.createdAt) >= deps.runDeadlineMs;
  if (!progress.complete && !overdue) return result('waiting');
  if (!(await claimRunAlerts(deps.tableName, runId, now, CLAIM_MS))) return result('already_sent');
  try {
    const publication = await publishRun(progress, {
      ...deps,
      remainingMs: deps.remainingMs ?? (() => Number.POSITIVE_INFINITY),
      reserveMs: RESERVE_MS,
    });
    const fixes = {
      found: publication.markets.flatMap((market) => market.fixes ?? []),
      ...(publication.markets.find((market) => market.fixError)
        ? { error: publication.markets.find((market) => market.fixError)!.fixError }
        : {}),
      untried: publication.markets.flatMap((market) =>
        market.error ? [`${market.site}/${market.market}: ${market.error}`] : [],
      ),
    };
    if (!publication.done) {
      // The next sweep carries on from the markets done; the claim is given back for it.
      await releaseRunAlerts(deps.tableName, runId);
      const done = publication.markets.filter((market) => market.summary !== undefined || market.error).length;
      const of = (await marketCount(deps.tableName, progress.date)) ?? done;
      return result('publishing', { fixes, markets: { done, of, now: publication.published } });
    }
    // The day's summary before the alerts, so the page they link to shows what they say.
    const summary = await publishSummary(
      progress.date,
      publication.markets.flatMap((market) =>
        market.summary
          ? [
              {
                summary: market.summary,
                previousDateScanned: market.previousDateScanned ?? false,
                cardBytes: market.cardBytes ?? 0,
              },
            ]
          : [],
      ),
      { ...deps, builtAt: deps.now().toISOString() },
    );
    const alerts = [
      ...publication.markets.flatMap((market) => market.alerts ?? []),
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
      return result('delivery_failed', { alerts: linked, deliveries, fixes });
    }
    await markRunAlerted(deps.tableName, runId, deps.now(), { alerts: linked.length, deliveries });
    if (linked.length) await addDayAlerts(deps.tableName, progress.date, linked.length);
    return result(linked.length ? 'sent' : 'no_alerts', { alerts: linked, deliveries, fixes });
  } catch (error) {
    await releaseRunAlerts(deps.tableName, runId);
    throw error;
  }
}

async function marketCount(tableName: string, date: string): Promise<number | null> {
  return (await marketsOf(tableName, date)).length;
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
