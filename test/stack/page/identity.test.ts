import { afterEach, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { readPage } from '../../../functions/core/page/read-page.ts';
import { sharedGuardedBrowser } from '../../support/browser.ts';
import { useDemoShop } from '../../support/demo.ts';

/**
 * Who the site sees: the page's own script writes what the browser says of itself into the page,
 * and the archived HTML is read back. A person's Chrome, in the market's language and timezone.
 */
const demo = useDemoShop();
const guarded = sharedGuardedBrowser(() => [demo.shop.url]);
afterEach(() => demo.shop.faults.clear());

const REPORT = `<script>document.body.insertAdjacentHTML('beforeend', '<pre id="who">' + JSON.stringify({
  agent: navigator.userAgent, language: navigator.language,
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone }) + '</pre>')</script>`;

async function who(market: string, identity: Record<string, string> = {}) {
  demo.shop.faults.add({ type: 'inject', market, html: REPORT });
  const base = demo.site(market);
  const site = { ...base, render: 'chrome' as const, identity, before: [...base.before, { waitFor: '#who' }] };
  const outcome = await readPage(
    { site, page: site.pages[0]!, keyword: 'mascara' },
    {
      browser: guarded.browser,
      classify: createClassifier(demo.tracking),
      options: { screenshot: false, settleTimeoutMs: 3_000 },
    },
  );
  const html = outcome.captures[0]!.html;
  return JSON.parse(/<pre id="who">(.*?)<\/pre>/.exec(html)![1]!.replaceAll('&quot;', '"')) as Record<string, string>;
}

describe('Identity per market', () => {
  it('the browser’s own user agent, without "Headless", in the market’s timezone (de → Europe/Berlin)', async () => {
    const seen = await who('de');
    expect(seen.agent).toMatch(/Chrome\/\d+/);
    expect(seen.agent).not.toMatch(/Headless|shelfwatch/i);
    expect(seen.zone).toBe('Europe/Berlin');
  });

  it('a file’s own user agent and timezone win', async () => {
    const seen = await who('us', {
      userAgent: 'Mozilla/5.0 (Macintosh) TestAgent/1.0',
      timezone: 'America/Los_Angeles',
    });
    expect(seen.agent).toBe('Mozilla/5.0 (Macintosh) TestAgent/1.0');
    expect(seen.zone).toBe('America/Los_Angeles');
  });

  it('passes the demo shop’s bot defence, which walls a headless agent or a visitor without Accept-Language', async () => {
    // The wall carries no page script: had it been shown, there would be no report to read.
    demo.shop.faults.add({ type: 'bot', burned: 0 });
    const seen = await who('fr');
    expect(seen.zone).toBe('Europe/Paris');
  });
});
