import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { readPage } from '../../../functions/core/page/read-page.ts';
import { createRequestGuard } from '../../../functions/core/security/request-guard.ts';
import { withOrigin } from '../../../functions/core/selectors/urls.ts';
import { sharedGuardedBrowser } from '../../support/browser.ts';
import { useDemoShop } from '../../support/demo.ts';

const demo = useDemoShop();
const guarded = sharedGuardedBrowser(() => [demo.shop.url]);

/**
 * A server on loopback standing for what must never be reached (the metadata service, an admin
 * console). It counts the requests that get through; every test expects none.
 */
let canary: Server;
let canaryUrl: string;
let canaryHits = 0;
beforeAll(async () => {
  canary = createServer((_request, response) => {
    canaryHits += 1;
    response.end('secret');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => canary.close(() => resolve())));
afterEach(() => {
  demo.shop.faults.clear();
  canaryHits = 0;
});

function read(market: string, render: 'static' | 'chrome', siteOrigin?: string) {
  const guard = createRequestGuard({ allowedOrigins: [demo.shop.url] });
  const base = demo.site(market);
  const site = { ...(siteOrigin ? withOrigin(base, siteOrigin) : base), render };
  return readPage(
    { site, page: site.pages[0]!, keyword: 'mascara' },
    {
      browser: guarded.browser,
      refusalsSince: (since) => guarded.launcher().refusalsSince(since),
      classify: createClassifier(demo.tracking),
      guard,
      options: { screenshot: false, settleTimeoutMs: 1_500 },
    },
  );
}

describe('The scraper never reaches what it must not', () => {
  it('a plain fetch refuses a redirect to an internal address', async () => {
    demo.shop.faults.add({ type: 'redirect', market: 'us', to: `${canaryUrl}/latest/meta-data/` });
    const outcome = await read('us', 'static');
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(
      new RegExp(
        `^Refused to load ${canaryUrl}/latest/meta-data/ \\(redirected from .*/us/search\\?q=mascara\\): .* is an internal address`,
      ),
    );
    expect(canaryHits).toBe(0);
  });

  it('the browser refuses a redirect to an internal address', async () => {
    demo.shop.faults.add({ type: 'redirect', market: 'fr', to: `${canaryUrl}/admin` });
    const outcome = await read('fr', 'chrome');
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toContain('is an internal address (127.0.0.1)');
    expect(canaryHits).toBe(0);
  });

  it.each([
    'file:///etc/passwd',
    'chrome://settings/',
    'data:text/html,<h1>hi</h1>',
    'javascript:alert(1)',
    'ftp://127.0.0.1/',
  ])('the browser refuses a redirect to %s, says so and does not retry it', async (to) => {
    demo.shop.faults.add({ type: 'redirect', market: 'uk', to });
    const outcome = await read('uk', 'chrome');
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    // Chromium itself refuses to follow an http redirect out of http(s) before any connection is made.
    expect(outcome.message).toMatch(
      /^Refused to follow (a redirect from )?http:\/\/127\.0\.0\.1:\d+\/uk\/search\?q=mascara.*a non-http\(s\) address/,
    );
    expect(outcome.captures).toEqual([]);
  });

  it('a page’s own script and images cannot call an internal address, and the page is still read', async () => {
    demo.shop.faults.add({ type: 'beacon', market: 'us', to: canaryUrl });
    const outcome = await read('us', 'chrome');
    expect(outcome.status).toBe('ok');
    expect(outcome.captures[0]!.html).toContain(`${canaryUrl}/exfiltrate`);
    expect(canaryHits).toBe(0);
  });

  it('a selector file whose site sits on an internal address is refused before any request', async () => {
    const outcome = await read('de', 'chrome', canaryUrl);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toContain('is an internal address');
    expect(canaryHits).toBe(0);
    const statics = await read('us', 'static', canaryUrl);
    expect(statics.message).toMatch(/^Refused to load http:\/\/127\.0\.0\.1:\d+\/us\/search\?q=mascara: /);
    expect(canaryHits).toBe(0);
  });
});
