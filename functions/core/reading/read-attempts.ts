import { setTimeout as sleep } from 'node:timers/promises';
import type { LimitFunction } from 'p-limit';
import type { Lease } from '../browser/pool.ts';
import type { Classifier } from '../extract/classify.ts';
import { BrowserCrashedError } from '../page/errors.ts';
import { readPage, type ResolvedTarget } from '../page/read-page.ts';
import type { PageOutcome } from '../page/types.ts';
import type { Session } from '../sessions/session-pool.ts';
import { backoffMs, isTurnedAway, type Attempt } from './retry-policy.ts';
import type { ReadAttempts, ReadDeps } from './types.ts';

/**
 * A page tried up to its site's `retry.tries` times in this batch: a page that comes back
 * blocked, 403, 429 or 5xx drops its session (a new proxy session, browser and cookies next time)
 * and is tried again after a backoff that honours Retry-After, as long as the function has time
 * for it. The last answer stands, with every try listed; a session that worked stays for the
 * site's next pages. A tab is held only while a page loads, never while it waits.
 */
export async function readWithRetries(
  target: ResolvedTarget,
  classify: Classifier,
  deps: ReadDeps,
  tab: LimitFunction,
): Promise<ReadAttempts> {
  const retry = target.site.retry;
  const attempts: Attempt[] = [];
  for (let tryNumber = 1; ; tryNumber++) {
    const at = new Date().toISOString();
    let session: Session;
    try {
      session = await deps.sessions.current(target.site);
    } catch (error) {
      return { outcome: failed(target, (error as Error).message), retryable: true };
    }
    const read = await tab(() => readOnce(target, classify, session, tryNumber > 1, deps));
    const outcome = redacted(read.outcome, deps.sessions.redact);
    attempts.push({
      at,
      session: session.id,
      status: outcome.status,
      httpStatus: outcome.captures.at(-1)?.httpStatus ?? null,
    });
    if (!isTurnedAway(outcome))
      return { outcome: attempts.length > 1 ? { ...outcome, attempts } : outcome, retryable: read.retryable };
    deps.sessions.retire(session);
    deps.browsers.retireRoute(session.id);
    const listed = { ...outcome, attempts, message: `${outcome.message ?? outcome.status}; ${triesNote(attempts)}` };
    if (tryNumber >= retry.tries) return { outcome: listed, retryable: false };
    const wait = backoffMs(tryNumber, outcome.captures.at(-1)?.retryAfter, retry, Date.now());
    // Not enough time left to wait and read again: a later delivery tries it, the tries so far kept.
    if ((deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - wait < (deps.pageBudgetMs ?? 0))
      return { outcome: listed, retryable: true };
    attempts.at(-1)!.waitMs = wait;
    await sleep(wait);
  }
}

function triesNote(attempts: Attempt[]): string {
  const each = attempts.map((attempt) => `${attempt.httpStatus ?? attempt.status} as session ${attempt.session}`);
  return `turned away ${attempts.length} time(s): ${each.join(', ')}`;
}

/** One try, within its budget: every step has its own timeout and the whole is bounded too, in case a browser stops answering. */
async function readOnce(
  target: ResolvedTarget,
  classify: Classifier,
  session: Session,
  freshSession: boolean,
  deps: ReadDeps,
): Promise<{ outcome: PageOutcome; retryable: boolean }> {
  let lease: Lease | undefined;
  const budget = deps.pageBudgetMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const route = session.proxyUrl ? { key: session.id, upstream: session.proxyUrl } : undefined;
  try {
    const reading = readPage(target, {
      browser: async () => (lease ??= await deps.browsers.lease(route)).browser,
      classify,
      guard: deps.guard,
      refusalsSince: deps.refusalsSince,
      proxyUrl: session.proxyUrl,
      freshSession,
      pace: () => deps.pace(target.site),
      options: deps.readOptions,
    });
    reading.catch(() => undefined); // settled by the race below; a late failure must not go unhandled
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new BrowserCrashedError(`page did not finish within ${budget} ms; browser replaced`)),
        budget,
      );
    });
    const outcome = await Promise.race([reading, deadline]);
    return { outcome, retryable: outcome.retryable ?? true };
  } catch (error) {
    if (error instanceof BrowserCrashedError) await deps.browsers.discard(lease?.browser);
    return { outcome: failed(target, (error as Error).message), retryable: true };
  } finally {
    clearTimeout(timer);
    lease?.release();
  }
}

function failed(target: ResolvedTarget, message: string): PageOutcome {
  const { site, page } = target;
  return {
    status: 'failed',
    result: null,
    captures: [],
    message: `${site.site}/${site.market}/${page.name ?? page.kind}: ${message}`,
  };
}

/** A proxy's credentials never leave in a message or a note, whatever error carried them. */
function redacted(outcome: PageOutcome, redact: (text: string) => string): PageOutcome {
  return {
    ...outcome,
    message: outcome.message === null ? null : redact(outcome.message),
    captures: outcome.captures.map((capture) => ({ ...capture, notes: capture.notes.map(redact) })),
  };
}
