import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResults } from '../../../scripts/demo-shop/catalog.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { shelfwatch } from '../../support/cli.ts';
import { HAVE_REALPAGES, REALPAGES_DIR } from '../../support/paths.ts';

const DATE = '2026-11-23';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Width and height from a PNG's header. */
async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const bytes = await readFile(file);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('shelfwatch try', () => {
  let shop: DemoShop;
  let out: string;
  beforeAll(async () => {
    shop = await startDemoShop({ date: DATE });
    out = await mkdtemp(path.join(tmpdir(), 'shelfwatch-try-'));
  });
  afterAll(async () => {
    await shop.close();
    await rm(out, { recursive: true, force: true });
  });

  it('on a live page: every selector with its matches and first value, and a screenshot with the matches outlined and numbered', async () => {
    const tiles = searchResults('uk', 'brow gel', DATE);
    const result = await shelfwatch(
      'try',
      'selectors/demo-shop/uk.yaml',
      '--page',
      'search',
      '--keyword',
      'brow gel',
      '--url',
      `${shop.url}/uk/search?q=brow%20gel`,
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`item\\s+\\[data-test=product-tile\\]\\s+${tiles.length}\\s`));
    expect(result.stdout).toMatch(
      new RegExp(`fields\\.brand\\s+\\.tile-brand\\s+${tiles.length}/${tiles.length}\\s+${tiles[0]!.product.brand}`),
    );
    expect(result.stdout).toMatch(
      new RegExp(`sponsored\\s+\\.badge-sponsored\\s+${tiles.filter((t) => t.sponsored).length}/${tiles.length}`),
    );
    expect(result.stdout).not.toContain('⚠');
    // Items numbered, name, brand, url and price outlined in each (sku is an attribute of the item
    // itself), and the sponsored badge of each sponsored tile.
    const shot = path.join(out, 'try-demo-shop-uk-search-brow_gel.png');
    const sponsored = tiles.filter((t) => t.sponsored).length;
    expect(result.stdout).toContain(`screenshot: ${shot} (${tiles.length * 5 + sponsored} boxes)`);
    expect((await pngSize(shot)).width).toBe(1280);
  });

  it('warns on selectors that match nothing and exits 1 (the retailer redesigned its tiles)', async () => {
    shop.faults.add({ type: 'layout', market: 'us', path: '/us/search' });
    try {
      const result = await shelfwatch(
        'try',
        'selectors/demo-shop/us.yaml',
        '--page',
        'search',
        '--url',
        `${shop.url}/us/search?q=mascara`,
        '--out',
        out,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/⚠\s+item\s+\[data-test=product-tile\]\s+0\s/);
      expect(result.stdout).toContain('note: nothing matching the items appeared within 8 s');
      expect(result.stdout).toContain('extraction: selector_miss, 0 tiles');
      expect(result.stdout).toContain('⚠ 1 selector(s) matched nothing');
    } finally {
      shop.faults.clear();
    }
  }, 30_000);

  it('when nothing matches, names the repeated elements that look like tiles, as a hint', async () => {
    shop.faults.add({ type: 'layout', market: 'us', path: '/us/search' });
    try {
      const result = await shelfwatch(
        ...['try', 'selectors/demo-shop/us.yaml', '--page', 'search', '--url', `${shop.url}/us/search?q=mascara`],
        ...['--out', out],
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/hint: \d+ repeated elements look like tiles: \S+ > \S+/);
    } finally {
      shop.faults.clear();
    }
  }, 30_000);

  it('a very tall page is pictured where its tiles are, not as an image that repeats its top', async () => {
    shop.faults.add({ type: 'inject', market: 'uk', path: '/uk/search', html: '<div style="height:40000px"></div>' });
    try {
      const result = await shelfwatch(
        ...['try', 'selectors/demo-shop/uk.yaml', '--page', 'search', '--url', `${shop.url}/uk/search?q=mascara`],
        ...['--out', out],
      );
      expect(result.code, result.stdout).toBe(0);
      const { height } = await pngSize(path.join(out, 'try-demo-shop-uk-search-mascara.png'));
      expect(height).toBeLessThanOrEqual(16_000);
      expect(height).toBeGreaterThan(900);
    } finally {
      shop.faults.clear();
    }
  }, 30_000);

  it('a page that cannot be opened is a warning, not a crash', async () => {
    const closed = await closedPort();
    const result = await shelfwatch(
      'try',
      'selectors/demo-shop/us.yaml',
      '--page',
      'home',
      '--url',
      `http://127.0.0.1:${closed}/`,
      '--out',
      out,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `⚠ demo-shop / us / home: could not open http://127\\.0\\.0\\.1:${closed}/: the connection was refused`,
      ),
    );
    expect(result.stdout).toContain('⚠ 1 page(s) could not be opened.');
  });

  it.each([
    ['an address that does not exist', null, '/us/no-such-page', /HTTP 404: the address is wrong, not the selectors/],
    ['a site that fails', { type: 'http500' as const, market: 'us' }, '/us/', /HTTP 500: the site failed to answer/],
    [
      'a bot wall that answers 403',
      { type: 'captcha' as const, market: 'fr', status: 403 },
      '/fr/',
      /HTTP 403: the site refused the browser \(a bot wall or a rate limit\?\), not the selectors/,
    ],
    [
      'a bot wall that answers 200',
      { type: 'captcha' as const, market: 'fr' },
      '/fr/',
      /a bot wall \(blockedIf "\.captcha, #challenge" matched\): the site refused the browser, not the selectors/,
    ],
  ])(
    '%s is said at once, not blamed on the selectors after waiting',
    async (_what, fault, route, message) => {
      if (fault) shop.faults.add(fault);
      try {
        const market = route.split('/')[1];
        const started = performance.now();
        const result = await shelfwatch(
          ...['try', `selectors/demo-shop/${market}.yaml`, '--page', 'home', '--url', `${shop.url}${route}`],
          ...['--out', out],
        );
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(message);
        expect(result.stdout).not.toContain('matched nothing');
        // No wait for items that cannot appear (8 s), beyond starting the CLI and a browser.
        expect(performance.now() - started).toBeLessThan(8_000);
      } finally {
        shop.faults.clear();
      }
    },
    30_000,
  );

  it('bad options get the usage', async () => {
    const both = await shelfwatch('try', 'selectors/demo-shop/us.yaml', '--url', 'http://x', '--html', 'x.html');
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('give --url or --html, not both')]);
    const noFile = await shelfwatch('try');
    expect(noFile.stderr).toContain('expected one selector file');
  });

  it.skipIf(!HAVE_REALPAGES)(
    'on a saved real retailer page, offline',
    async () => {
      const result = await shelfwatch(
        'try',
        'test/fixtures/realpages/ldlc-fr_search_pc-gamer-rtx-4060.yaml',
        '--html',
        path.join(REALPAGES_DIR, 'ldlc-fr_search_pc-gamer-rtx-4060.html'),
        '--tracking',
        'test/fixtures/realpages/tracking.yaml',
        '--out',
        out,
      );
      const meta = JSON.parse(
        await readFile(path.join(REALPAGES_DIR, 'ldlc-fr_search_pc-gamer-rtx-4060.meta.json'), 'utf8'),
      );
      expect(result.stdout).toContain('(saved page)');
      expect(result.stdout).toMatch(
        new RegExp(`item\\s+${meta.tile_selector.replace('.', '\\.')}\\s+${meta.tile_count}\\s`),
      );
      // Each tile numbered, and its name, link and price outlined.
      expect(result.stdout).toContain(`try-ldlc-fr-search-PC_gamer_RTX_4060.png (${meta.tile_count * 4} boxes)`);
    },
    60_000,
  );
});
