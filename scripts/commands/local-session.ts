import { shiftDay } from '../../functions/core/day.ts';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunAlerts } from '../../functions/core/alerts/alert-run.ts';
import { formatAlerts } from '../format/alerts.ts';
import type { Scorecard } from '../../functions/core/scorecard/types.ts';
import type { RunProgress } from '../../functions/core/store/model.ts';
import type { Fault } from '../demo-shop/faults.ts';
import { startDemoShop, type DemoShop } from '../demo-shop/server.ts';
import { progressLine, progressPrinter } from '../format/progress.ts';
import { describeDeadLetter } from '../local/dead-letters.ts';
import { startLocalStack, type LocalStack } from '../local/stack.ts';

export interface SessionOptions {
  dataDir: string | null;
  shopPort: number;
  apiPort: number;
  token?: string | undefined;
  builtDir?: string | undefined;
  selectorsDir?: string | undefined;
  /** Faults switched on in the demo shop from the start (--fault). */
  faults?: Fault[] | undefined;
}

export interface Session {
  shop: DemoShop;
  stack: LocalStack;
  /** Where each run's alerts are appended, one JSON line per alert. */
  alertFile: string;
  close(): Promise<void>;
}

/** The demo shop and the local stack, wired together; preferred ports fall back to free ones. */
export async function startSession(options: SessionOptions): Promise<Session> {
  const shop = await withFallbackPort(options.shopPort, (port) => startDemoShop({ port }));
  for (const fault of options.faults ?? []) shop.faults.add(fault);
  const rootDir = process.cwd();
  // Next to the data, so alerts accumulate with the history; a throw-away stack's go to a temp file.
  const alertFile = options.dataDir
    ? path.resolve(options.dataDir, '..', 'alerts.jsonl')
    : path.join(tmpdir(), `shelfwatch-alerts-${process.pid}.jsonl`);
  // A webhook set in the shell receives the local alerts too (there is no SNS here).
  const env = {
    ALERT_FILE: alertFile,
    ...(process.env.ALERT_WEBHOOK_URL ? { ALERT_WEBHOOK_URL: process.env.ALERT_WEBHOOK_URL } : {}),
  };
  let stack: LocalStack;
  try {
    stack = await withFallbackPort(options.apiPort, (httpPort) =>
      startLocalStack({
        rootDir,
        dataDir: options.dataDir && path.resolve(options.dataDir),
        selectorsDir: options.selectorsDir && path.resolve(options.selectorsDir),
        siteOrigins: { 'demo-shop': shop.url },
        httpPort,
        builtDir: options.builtDir,
        env,
        // Every 30 s rather than the template's 10 minutes: a POST /scans is alerted while one waits.
        alertSweepMs: 30_000,
        onDeadLetter: (letter) => console.error(describeDeadLetter(letter)),
      }),
    );
  } catch (error) {
    await shop.close();
    throw error;
  }
  if (stack.selectorsNote) console.error(stack.selectorsNote);
  return {
    shop,
    stack,
    alertFile,
    close: async () => {
      await stack.close();
      await shop.close();
      // A throw-away stack keeps nothing, its alerts included.
      if (!options.dataDir) await rm(alertFile, { force: true });
    },
  };
}

async function withFallbackPort<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

/** Runs the daily scan for one day (the demo shop moved to that day), drawing progress as it goes. */
export async function scanDay(
  session: Session,
  date: string,
  label = `scan ${date}`,
): Promise<{ progress: RunProgress; seconds: number }> {
  session.shop.setDate(date);
  const started = performance.now();
  // The schedule's event, due now on that day: each scan is a run of its own (a run id is made from the time due).
  const run = await session.stack.scheduledScan(new Date(`${date}T${new Date().toISOString().slice(11)}`));
  console.error(`${label}: run ${run.runId}, ${run.jobs} pages`);
  const progress = await followRun(session, run.runId, started);
  return { progress, seconds: (performance.now() - started) / 1000 };
}

/** Draws a run's progress until it is finished, and says so when pages were left unread. */
export async function followRun(session: Session, runId: string, started = performance.now()): Promise<RunProgress> {
  const printer = progressPrinter();
  const progress = await session.stack.waitForRun(runId, (p) =>
    printer.update(progressLine(p, performance.now() - started)),
  );
  printer.done(progressLine(progress, performance.now() - started));
  if (!progress.complete) {
    console.error(
      `run ${runId} stopped with ${progress.pending} of ${progress.jobsExpected} pages unfinished (see the dead letters above); put them back with: shelfwatch redrive --run ${runId}`,
    );
  }
  return progress;
}

/**
 * Runs that a stopped stack left unfinished (Ctrl-C or a kill mid-run: the local stream lives in
 * memory): each is said, its unfinished pages are put back on the stream and read, and its alerts
 * go out, before anything else runs. On AWS the same is `shelfwatch redrive --run <id>`.
 */
export async function reconcileRuns(session: Session): Promise<RunProgress[]> {
  const finished: RunProgress[] = [];
  for (const run of await session.stack.unfinishedRuns()) {
    console.error(
      `run ${run.runId} (${run.date}) stopped with ${run.pending} of ${run.jobsExpected} pages unfinished (the stack stopped mid-run): putting them back on the stream`,
    );
    finished.push(await redriveAndFollow(session, run.runId));
  }
  return finished;
}

/** Puts a run's unfinished pages back on the stream (the demo shop showing that run's day), reads them, sends the run's alerts. */
export async function redriveAndFollow(session: Session, runId: string): Promise<RunProgress> {
  const before = await session.stack.runProgress(runId);
  if (before) session.shop.setDate(before.date);
  const redrive = await session.stack.redrive(runId);
  console.error(`redrive ${runId}: ${redrive.jobs.length} of ${redrive.jobsExpected} pages put back on the stream`);
  const progress = redrive.jobs.length ? await followRun(session, runId) : before!;
  await reportAlerts(session, runId, { full: false });
  return progress;
}

/** What the alerts sweep does on AWS once a run has finished; printed in full, or as a count for backfilled days. */
export async function reportAlerts(session: Session, runId: string, options: { full: boolean }): Promise<RunAlerts> {
  return printAlerts(session, await session.stack.alertRun(runId), options);
}

/** A run's alerts as the sweep sent them, said: in full, or counted (backfilled days). */
export function printAlerts(session: Session, result: RunAlerts, options: { full: boolean }): RunAlerts {
  const failed = result.deliveries
    .filter((delivery) => !delivery.ok)
    .map((delivery) => `${delivery.sink}: ${delivery.error}`);
  if (result.status === 'waiting') console.error(`alerts ${result.date}: not yet, the run has not finished`);
  else if (result.alerts.length === 0) console.error(`alerts ${result.date}: none`);
  else if (!options.full) console.error(`alerts ${result.date}: ${result.alerts.length} (in ${session.alertFile})`);
  else
    console.log(
      `\n${result.alerts.length} alert(s) for ${result.date} (with screenshot links in ${session.alertFile}):\n${formatAlerts(result.alerts)}`,
    );
  if (failed.length) console.error(`alert delivery failed: ${failed.join('; ')}`);
  if (result.fixes?.error)
    console.error(`looking for selector fixes failed (alerts sent without): ${result.fixes.error}`);
  if (result.fixes?.untried.length)
    console.error(`selector fixes not looked for (too many broken pages): ${result.fixes.untried.join(', ')}`);
  return result;
}

/** The scorecard exactly as the API serves it (signed in as the pool's demo user, as a script would). */
export async function fetchScorecard(session: Session, date: string): Promise<Scorecard> {
  const response = await fetch(`${session.stack.http.url}/scorecards/${date}`, {
    headers: { authorization: `Bearer ${await session.stack.signIn()}` },
  });
  if (!response.ok) throw new Error(`GET /scorecards/${date}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Scorecard;
}

/**
 * How to reach the app and the API: a browser and a sign-in, or an id token for scripts. Commands
 * that work pasted into a shell as they are (the day is written out, not computed).
 */
export function apiHelp(
  api: { url: string },
  idp: { url: string; clientId: string; user: { email: string; password: string } },
  day: string,
  shopUrl: string,
): string {
  const token = `TOKEN=$(npx shelfwatch token --idp ${idp.url} --client ${idp.clientId} --user ${idp.user.email} --password '${idp.user.password}')`;
  const auth = `-H "authorization: Bearer $TOKEN"`;
  return `
Scorecards on ${api.url}/ · open it in a browser and sign in as ${idp.user.email}, password ${idp.user.password}
API for scripts: an id token from the local user pool, then the bearer header
  ${token}
  curl ${auth} ${api.url}/scorecards/${day}
  curl ${auth} '${api.url}/scorecards/${day}?format=csv&market=fr' -o scorecard-${day}.csv
  curl ${auth} -X POST ${api.url}/scans -d '{"markets":["fr"]}'
  curl ${auth} '${api.url}/history?from=${shiftDay(day, -6)}&to=${day}' -o history-${day}.csv   # the last 7 days in one file
Demo shop on ${shopUrl}/us/ · Ctrl-C to stop`;
}

export function printApiHelp(session: Session, day: string): void {
  console.log(apiHelp(session.stack.http, session.stack.idp, day, session.shop.url));
}

export function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
