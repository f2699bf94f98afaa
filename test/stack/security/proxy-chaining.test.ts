import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch, ProxyAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStatic } from '../../../functions/core/page/fetch-static.ts';
import { startGuardProxy, type GuardProxy } from '../../../functions/core/security/guard-proxy.ts';
import { createRequestGuard } from '../../../functions/core/security/request-guard.ts';
import { startUpstreamProxy, type UpstreamProxy } from '../../support/upstream-proxy.ts';

/**
 * Through a retailer's proxy the guard still decides: the upstream connects for us, so the target
 * is checked before anything is asked of it, and an internal address never reaches the upstream.
 * The allowed site (the shop) goes through the upstream, credentials added by us.
 */
const PASSWORD = 'chain-pass-5521';
let shop: Server;
let internal: Server;
let shopOrigin: string;
let internalUrl: string;
let internalHits = 0;
let upstream: UpstreamProxy;
let guardProxy: GuardProxy;
let upstreamUrl: string;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  shop = createServer((_request, response) => response.end('<html><body>shop</body></html>'));
  internal = createServer((_request, response) => {
    internalHits += 1;
    response.end('secret metadata');
  });
  shopOrigin = await listen(shop);
  internalUrl = `${await listen(internal)}/latest/meta-data`;
  upstream = await startUpstreamProxy({ password: PASSWORD, firstAddresses: [] });
  upstreamUrl = `http://user-session-s1:${PASSWORD}@127.0.0.1:${upstream.port}`;
  guardProxy = await startGuardProxy(createRequestGuard({ allowedOrigins: [shopOrigin] }), { upstream: upstreamUrl });
});

afterAll(async () => {
  await guardProxy.close();
  await upstream.close();
  shop.close();
  internal.close();
});

describe('The guard proxy chained to an upstream (the browser’s path)', () => {
  it('sends an allowed site through the upstream, with the session’s credentials', async () => {
    const answer = await fetch(`${shopOrigin}/`, { dispatcher: new ProxyAgent(guardProxy.url) });
    expect(await answer.text()).toContain('shop');
    expect(upstream.perSession.get('s1')).toBeGreaterThanOrEqual(1);
  });

  it('refuses an internal address before the upstream hears of it', async () => {
    const before = upstream.perSession.get('s1') ?? 0;
    const answer = await fetch(internalUrl, { dispatcher: new ProxyAgent(guardProxy.url) }).catch(
      (error: Error) => error,
    );
    expect(answer instanceof Error || answer.status === 403).toBe(true);
    expect(guardProxy.refusalsSince(0).map((refusal) => refusal.reason)).toEqual([
      expect.stringMatching(/is an internal address/),
    ]);
    expect(upstream.perSession.get('s1') ?? 0).toBe(before);
    expect(internalHits).toBe(0);
  });
});

describe('A static fetch through an upstream', () => {
  const guard = createRequestGuard({ allowedOrigins: [] });

  it('is refused for an internal target, whatever the proxy could reach', async () => {
    await expect(
      fetchStatic(internalUrl, { locale: 'en-US', timeoutMs: 2_000, guard, proxyUrl: upstreamUrl }),
    ).rejects.toThrow(/Refused to load .*internal address/);
    expect(internalHits).toBe(0);
  });

  it('reaches an allowed site through the upstream', async () => {
    const before = upstream.perSession.get('s1') ?? 0;
    const capture = await fetchStatic(`${shopOrigin}/`, {
      locale: 'en-US',
      timeoutMs: 2_000,
      guard: createRequestGuard({ allowedOrigins: [shopOrigin] }),
      proxyUrl: upstreamUrl,
    });
    expect(capture.html).toContain('shop');
    expect(upstream.perSession.get('s1')).toBe(before + 1);
  });
});
