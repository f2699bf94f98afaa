import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { readPage } from '../../../functions/core/page/read-page.ts';
import { withOrigin } from '../../../functions/core/selectors/urls.ts';
import { sharedGuardedBrowser } from '../../support/browser.ts';
import { useDemoShop } from '../../support/demo.ts';

const demo = useDemoShop();
/** A loopback port nothing listens on, allowed like the shop: a retailer that is down. */
let closedOrigin: string;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedOrigin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await new Promise((resolve) => server.close(resolve));
});
const guarded = sharedGuardedBrowser(() => [demo.shop.url, closedOrigin]);
afterEach(() => demo.shop.faults.clear());

function read(market: string, origin?: string) {
  const base = origin ? withOrigin(demo.site(market), origin) : demo.site(market);
  const site = { ...base, render: 'chrome' as const, before: [...base.before, { wait: 300 }] };
  return readPage(
    { site, page: site.pages[0]!, keyword: 'mascara' },
    {
      browser: guarded.browser,
      refusalsSince: (since) => guarded.launcher().refusalsSince(since),
      classify: createClassifier(demo.tracking),
      options: { screenshot: false, settleTimeoutMs: 2_000 },
    },
  );
}

describe('A site that cannot be reached', () => {
  it('is failed with why (through the guarding proxy), and retried', async () => {
    const outcome = await read('us', closedOrigin);
    expect(outcome.status).toBe('failed');
    expect(outcome.retryable).toBeUndefined();
    expect(outcome.message).toBe(`Could not reach ${closedOrigin}/us/search?q=mascara: the connection was refused`);
  });
});

describe('A page larger than the scraper reads', () => {
  it.each(['static', 'chrome'] as const)(
    'is failed, said so and not retried (%s)',
    async (render) => {
      demo.shop.faults.add({
        type: 'inject',
        market: 'us',
        path: '/us/search',
        html: `<!--${'x'.repeat(16 * 1024 * 1024)}-->`,
      });
      const base = demo.site('us');
      const site = { ...base, render };
      const outcome = await readPage(
        { site, page: site.pages[0]!, keyword: 'mascara' },
        {
          browser: guarded.browser,
          classify: createClassifier(demo.tracking),
          options: { screenshot: false, settleTimeoutMs: 1_000 },
        },
      );
      expect(outcome).toMatchObject({ status: 'failed', retryable: false });
      expect(outcome.message).toMatch(
        /is larger than 15 MB; it was not read|holds 16\.\d MB of HTML, over the 15 MB the scraper reads/,
      );
    },
    60_000,
  );
});

describe('A click the selector file says navigates (a consent wall that reloads the page)', () => {
  function readConsent(settleTimeoutMs: number) {
    const site = demo.site('fr');
    return readPage(
      { site, page: site.pages[0]!, keyword: 'mascara' },
      {
        browser: guarded.browser,
        refusalsSince: (since) => guarded.launcher().refusalsSince(since),
        classify: createClassifier(demo.tracking),
        // Each read starts without the consent cookie, as a new session does.
        freshSession: true,
        options: { screenshot: false, navigationTimeoutMs: 8_000, settleTimeoutMs },
      },
    );
  }

  it('is read when the reload is quick', async () => {
    const outcome = await readConsent(3_000);
    expect(outcome.status, outcome.message ?? '').toBe('ok');
  });

  it('a reload slower than the wait is a timeout, retried: the page did not navigate by itself', async () => {
    // Every answer takes 1.5 s: the wall loads within the navigation timeout, its reload not within the 0.8 s wait.
    demo.shop.faults.add({ type: 'slow', market: 'fr', path: '/fr/recherche', delayMs: 1_500 });
    const outcome = await readConsent(800);
    expect(outcome.message).not.toMatch(/navigated away by itself/);
    expect(outcome).toMatchObject({ status: 'timeout' });
    expect(outcome.retryable).not.toBe(false);
  });

  it('a page that navigates by itself is still said to have navigated, a consent click among its steps', async () => {
    demo.shop.faults.add({
      type: 'navigate',
      market: 'fr',
      path: '/fr/recherche',
      via: 'script',
      to: `${demo.shop.url}/fr/maquillage/mascara`,
    });
    const outcome = await readConsent(3_000);
    expect(outcome, outcome.message ?? '').toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(/navigated away by itself/);
  });
});

describe('A page that navigates by itself while it is read', () => {
  it.each([
    ['a script that sets location', 'script', '/us/c/mascara'],
    ['a meta refresh', 'meta', '/us/c/mascara'],
    ['a script that reloads the page', 'script', '/us/search?q=mascara'],
  ] as const)('%s ends as failed with what happened, and is not retried', async (_title, via, to) => {
    demo.shop.faults.add({ type: 'navigate', market: 'us', path: '/us/search', via, to: `${demo.shop.url}${to}` });
    const outcome = await read('us');
    expect(outcome, outcome.message ?? '').toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(/^The page navigated away by itself \(a script or a meta refresh\)/);
  });

  it('history.pushState is not a navigation: the page is read', async () => {
    demo.shop.faults.add({
      type: 'inject',
      market: 'us',
      path: '/us/search',
      html: '<script>history.pushState({}, "", "/us/elsewhere")</script>',
    });
    const outcome = await read('us');
    expect(outcome.status).toBe('ok');
  });
});
