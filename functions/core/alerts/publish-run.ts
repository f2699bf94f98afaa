import { markProvenFixes, type ProvenFixesDeps } from '../heal/proven-fixes.ts';
import { cardOfRun } from '../scorecard/run-card.ts';
import { scannedDayBefore } from '../store/days/scanned-days.ts';
import type { RunProgress } from '../store/model.ts';
import {
  finishMarketPublication,
  marketPublications,
  startMarketPublication,
  type MarketPublication,
} from '../store/runs/run-publication.ts';
import type { MarketSummary } from '../views/model.ts';
import { marketsOf } from '../views/publish-day.ts';
import { publishMarket } from '../views/publish-market.ts';
import { detectAlerts, type Alert, type AlertRules } from './detect.ts';

/** A market given up on after this many sweeps tried it (each stopped, or failed, on it). */
export const MARKET_TRIES = 3;
/** A market's alerts kept with its publication (the item stays well under DynamoDB's 400 KB); the rest are counted. */
const STORED_ALERTS = 200;

export interface PublishRunDeps {
  tableName: string;
  bucketName: string;
  rules: AlertRules;
  /** Milliseconds left to this sweep: no market is started with less than `reserveMs` left. */
  remainingMs: () => number;
  reserveMs: number;
  now: () => Date;
  fixes?: (Pick<ProvenFixesDeps, 'selectorsOf' | 'stackName' | 'budgetMs'> & { now?: () => number }) | undefined;
}

export type Publication = MarketPublication<MarketSummary, Alert> & { alertsNotKept?: number; fixError?: string };

export interface RunPublication {
  /** Every market of the day is published (or given up on): the summary and the alerts can follow. */
  done: boolean;
  markets: Publication[];
  /** Markets this sweep published. */
  published: number;
}

/**
 * The day of a finished run, published market by market within this sweep's time, each step
 * recorded on the run (store/runs/run-publication.ts) so the next sweep carries on from there:
 * each market's view is built from its own partitions and stored, its broken pages' fixes looked
 * for first (within the fixes' budget), and the run's alerts for it computed from that view (the
 * rows this run read, today against the day before). Memory follows the largest market, never the day.
 */
export async function publishRun(run: RunProgress, deps: PublishRunDeps): Promise<RunPublication> {
  const before = await scannedDayBefore(deps.tableName, run.date);
  const builtAt = deps.now().toISOString();
  const done = await marketPublications<MarketSummary, Alert>(deps.tableName, run.runId);
  const fixesStarted = deps.fixes?.now?.() ?? Date.now();
  let published = 0;
  // A market is started only with time for it: the reserve, and the longest market so far.
  let longestMs = 0;
  for (const [site, market] of await marketsOf(deps.tableName, run.date)) {
    const key = `${site}#${market}`;
    if (done.get(key)?.summary !== undefined || done.get(key)?.error) continue;
    if (deps.remainingMs() < deps.reserveMs + longestMs) break;
    const marketStarted = performance.now();
    const attempts = await startMarketPublication(deps.tableName, run.runId, site, market);
    if (attempts > MARKET_TRIES) {
      const error = `not published after ${MARKET_TRIES} sweeps (each stopped or failed on it); see the alerts function's log`;
      await finishMarketPublication(deps.tableName, run.runId, { site, market, error });
      done.set(key, { site, market, attempts, error });
      continue;
    }
    let fixes: string[] = [];
    let fixError: string | undefined;
    const view = await publishMarket(run.date, site, market, {
      tableName: deps.tableName,
      bucketName: deps.bucketName,
      previousDay: before,
      builtAt,
      beforeWrite: async (built) => {
        const spent = (deps.fixes?.now?.() ?? Date.now()) - fixesStarted;
        if (!deps.fixes || spent > (deps.fixes.budgetMs ?? 60_000)) return;
        const card = {
          date: run.date,
          previousDate: built.previousDate,
          previousDateScanned: built.previousDateScanned,
          pages: 0,
          statusCounts: built.card.statusCounts,
          targets: [cardOfRun(built.card, run.runId)],
        };
        const found = await markProvenFixes(run, card, {
          ...deps.fixes,
          tableName: deps.tableName,
          bucketName: deps.bucketName,
          budgetMs: (deps.fixes.budgetMs ?? 60_000) - spent,
        }).catch((error: Error) => {
          // A failure to look for fixes is said in the result, never a reason to hold the market back.
          fixError = `${error.name}: ${error.message}`;
          return { fixes: [] };
        });
        fixes = found.fixes.map((fix) => fix.page);
      },
    });
    const alerts = view
      ? detectAlerts(
          {
            date: run.date,
            previousDate: view.previousDate,
            previousDateScanned: view.previousDateScanned,
            pages: 0,
            statusCounts: view.card.statusCounts,
            targets: [cardOfRun(view.card, run.runId)],
          },
          deps.rules,
        )
      : [];
    const publication: Publication = {
      site,
      market,
      attempts,
      summary: view?.summary ?? null,
      previousDateScanned: view?.previousDateScanned ?? false,
      cardBytes: view ? Buffer.byteLength(JSON.stringify(view.card)) : 0,
      alerts: alerts.slice(0, STORED_ALERTS),
      ...(alerts.length > STORED_ALERTS ? { alertsNotKept: alerts.length - STORED_ALERTS } : {}),
      fixes,
      ...(fixError ? { fixError } : {}),
    };
    const { attempts: _attempts, ...kept } = publication;
    await finishMarketPublication(deps.tableName, run.runId, kept);
    done.set(key, publication);
    published += 1;
    longestMs = Math.max(longestMs, performance.now() - marketStarted);
  }
  const markets = [...done.values()] as Publication[];
  const all = await marketsOf(deps.tableName, run.date);
  return {
    done: all.every(([site, market]) => {
      const entry = done.get(`${site}#${market}`);
      return entry !== undefined && (entry.summary !== undefined || entry.error !== undefined);
    }),
    markets,
    published,
  };
}
