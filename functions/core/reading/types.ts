import type { BrowserPool } from '../browser/pool.ts';
import type { ReadPageOptions } from '../page/read-page.ts';
import type { PageOutcome } from '../page/types.ts';
import type { SitePacer } from '../politeness/site-pace.ts';
import type { RenderVerdicts } from '../rendering/render-verdicts.ts';
import type { Refusal } from '../security/guard-proxy.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import type { ClassifiedSites } from '../selector-versions/classified.ts';
import type { SessionPool } from '../sessions/session-pool.ts';
import type { Attempt } from './retry-policy.ts';

/** What reading one job needs: its selector version, a browser, a session, the site's pace, a time budget. */
export interface ReadDeps extends ClassifiedSites {
  /** A pushed version of the selector files, by number: the version a job's run was planned with. */
  selectorsOf?: ((version: number) => Promise<ClassifiedSites>) | undefined;
  browsers: BrowserPool;
  /** Sticky sessions per site (proxy session, browser, cookies). */
  sessions: SessionPool;
  /** Paces each site's page loads across the fleet (politeness/site-pace.ts). */
  pace: SitePacer;
  /** The batch's `render: auto` verdicts, read on the first auto page (rendering/render-verdicts.ts). */
  renderVerdicts?: (() => Promise<RenderVerdicts>) | undefined;
  readOptions?: Partial<ReadPageOptions> | undefined;
  guard?: RequestGuard | undefined;
  /** What the browsers' guarding proxy refused since a time, so a refused page says so. */
  refusalsSince?: ((since: number) => Refusal[]) | undefined;
  /** Milliseconds left before the Lambda is stopped; no page starts when too few remain. */
  remainingMs?: (() => number) | undefined;
  /** Time a page may take at most; pages are not started with less than this left. */
  pageBudgetMs?: number | undefined;
  log: ReadLog;
}

export interface ReadLog {
  info?(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** A job's page after its tries: the last outcome (every try listed), and whether a later delivery may help. */
export interface ReadAttempts {
  outcome: PageOutcome & { attempts?: Attempt[] };
  retryable: boolean;
}
