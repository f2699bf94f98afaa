import { isIP } from 'node:net';
import { RequestError, Server } from 'proxy-chain';
import { pinnedLookup } from './pinned-lookup.ts';
import type { RequestGuard } from './request-guard.ts';

/** One connection the proxy refused: where to, how it was asked for, and why. */
export interface Refusal {
  at: number;
  /** `host:port` as the browser asked for it. */
  target: string;
  /** `tunnel` for CONNECT (https, wss, TURN over TCP), `http` for a plain request. */
  via: 'tunnel' | 'http';
  reason: string;
}

export interface GuardProxy {
  /** `http://127.0.0.1:<port>`, for Chromium's --proxy-server. */
  url: string;
  /** Refusals since a time (ms since the epoch), oldest first. */
  refusalsSince(since: number): Refusal[];
  close(): Promise<void>;
}

/** Response header on a refused plain-HTTP request, so the tab can tell a refusal from a site's own 403. */
export const REFUSED_HEADER = 'x-shelfwatch-refused';

/** Enough to explain the pages in flight; older refusals are only in the log. */
const KEPT_REFUSALS = 500;

/**
 * A forward proxy on loopback that every byte the browser sends goes through (Chromium runs with
 * --proxy-server pointing here, loopback included, WebRTC limited to proxied transports). It checks
 * the resolved address of each connection with the request guard and connects to exactly the
 * addresses it checked, so the guarantee does not depend on which browser API opened the connection:
 * tabs, popups, workers, service workers, iframes, WebSockets, beacons, TURN over TCP alike.
 * With `upstream` it chains every allowed connection to that proxy (a retailer's proxy session).
 */
export async function startGuardProxy(
  guard: RequestGuard,
  options: { upstream?: string | null } = {},
): Promise<GuardProxy> {
  const refusals: Refusal[] = [];
  const server = new Server({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: async ({ hostname, port, isHttp }) => {
      const verdict = await guard.connection(hostname, port);
      if (!verdict.allowed) {
        const target =
          isIP(hostname.replace(/^\[|\]$/g, '')) === 6 && !hostname.startsWith('[')
            ? `[${hostname}]:${port}`
            : `${hostname}:${port}`;
        refusals.push({ at: Date.now(), target, via: isHttp ? 'http' : 'tunnel', reason: verdict.reason });
        if (refusals.length > KEPT_REFUSALS) refusals.splice(0, refusals.length - KEPT_REFUSALS);
        throw new RequestError(`refused: ${verdict.reason}`, 403, {
          [REFUSED_HEADER]: encodeURIComponent(verdict.reason),
        });
      }
      // Through a proxy session the upstream connects; the target was checked all the same. Its
      // credentials stay here: the browser never sees them.
      if (options.upstream) return { upstreamProxyUrl: options.upstream };
      return verdict.addresses ? { dnsLookup: pinnedLookup(verdict.addresses) as never } : {};
    },
  });
  // A browser that hangs up mid-request is not the proxy's problem.
  server.on('requestFailed', () => undefined);
  await server.listen();
  return {
    url: `http://127.0.0.1:${server.port}`,
    refusalsSince: (since) => refusals.filter((refusal) => refusal.at >= since),
    close: () => server.close(true),
  };
}

/**
 * The proxy answers a plain-HTTP request it could not forward with a status of its own (proxy-chain's
 * 59x): that is "the site could not be reached", not a page the site sent. Null for a real response.
 */
export function proxyFailure(status: number): string | null {
  return PROXY_FAILURES[status] ?? null;
}

const PROXY_FAILURES: Record<number, string> = {
  590: 'the upstream proxy answered with an error',
  592: 'the site answered with a status out of range',
  593: 'its name does not resolve',
  594: 'the connection was refused',
  595: 'the connection was reset',
  596: 'the connection broke',
  597: 'the upstream proxy refused its credentials',
  599: 'the connection failed',
};
