import { randomBytes } from 'node:crypto';
import type { ProxySpec } from '../selectors/access-schema.ts';
import { redactor, secretsOf, sessionProxyUrl, type ProxyPool } from './proxy-pool.ts';

/** One way of being a visitor of a site: a proxy session (or none), and a browser and cookies of its own. */
export interface Session {
  /** Shown in attempts and logs: names the proxy session, never its credentials. */
  id: string;
  /** `site#market` the session belongs to. */
  siteKey: string;
  /** The upstream proxy, credentials included: only for the connection, never shown. Null: direct. */
  proxyUrl: string | null;
}

export interface SessionPool {
  /** The site's session: the one that last worked (sticky), or a new one. */
  current(site: SiteAccess): Promise<Session>;
  /** Never use this session again (it was blocked); the site's next page gets a new one. */
  retire(session: Session): void;
  /** A text with every proxy secret this pool has seen replaced by `***`. */
  redact(text: string): string;
}

export interface SiteAccess {
  site: string;
  market: string;
  proxy?: ProxySpec | undefined;
}

/**
 * Sessions per site × market for one container, as Crawlee's SessionPool keeps them: a session
 * stays while it works, so a site sees one steady visitor; a blocked one is dropped and the next
 * page of that site starts a new one (a new proxy session, a new browser, no cookies).
 */
export function createSessionPool(resolvePool: (reference: string) => Promise<ProxyPool>): SessionPool {
  const current = new Map<string, Session>();
  const serials = new Map<string, number>();
  const secrets = new Set<string>();
  let redact = redactor([]);
  return {
    async current(site) {
      const siteKey = `${site.site}#${site.market}`;
      const kept = current.get(siteKey);
      if (kept) return kept;
      const id = randomBytes(6).toString('hex');
      let proxyUrl: string | null = null;
      if (site.proxy) {
        const pool = await resolvePool(site.proxy.pool);
        for (const secret of secretsOf(pool)) secrets.add(secret);
        const serial = serials.get(siteKey) ?? 0;
        serials.set(siteKey, serial + 1);
        proxyUrl = sessionProxyUrl(pool, id, serial);
        secrets.add(proxyUrl);
        redact = redactor(secrets);
      }
      const session = { id, siteKey, proxyUrl };
      current.set(siteKey, session);
      return session;
    },
    retire(session) {
      if (current.get(session.siteKey) === session) current.delete(session.siteKey);
    },
    redact: (text) => redact(text),
  };
}
