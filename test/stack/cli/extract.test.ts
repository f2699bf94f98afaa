import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productName, searchResults } from '../../../scripts/demo-shop/catalog.ts';
import { DEMO_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { startDemoShop } from '../../../scripts/demo-shop/server.ts';
import { shelfwatch } from '../../support/cli.ts';
import { HAVE_REALPAGES, REALPAGES_DIR, REPO_ROOT } from '../../support/paths.ts';

describe('shelfwatch extract', () => {
  let dir: string;
  let savedPage: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-cli-'));
    const shop = await startDemoShop({ date: '2026-11-23' });
    savedPage = path.join(dir, 'us-mascara.html');
    await writeFile(savedPage, await (await fetch(`${shop.url}/us/search?q=mascara`)).text());
    await shop.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a readable table for a saved demo-shop page', async () => {
    const { code, stdout } = await shelfwatch(
      'extract',
      '--selectors',
      'selectors/demo-shop/us.yaml',
      '--page',
      'search',
      '--html',
      savedPage,
      '--keyword',
      'mascara',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('demo-shop / us / search "mascara"');
    expect(stdout).toMatch(/status: ok {3}tiles: 18 \(16 organic, 2 sponsored\)/);
    const first = searchResults('us', 'mascara', '2026-11-23')[0]!;
    expect(stdout).toMatch(
      new RegExp(
        `^ 1\\s+sponsored\\s+\\w+\\s+${first.product.brand}\\s+${productName(first.product, DEMO_MARKETS.us!)}`,
        'm',
      ),
    );
  });

  it('prints the full result as JSON with --json', async () => {
    const { code, stdout } = await shelfwatch(
      'extract',
      '--selectors',
      'selectors/demo-shop/us.yaml',
      '--page',
      'search',
      '--html',
      savedPage,
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ kind: 'search', status: 'ok', summary: { tiles: 18, sponsoredTiles: 2 } });
    expect(result.tiles[2].url).toMatch(/^http:\/\/127\.0\.0\.1:4010\/us\/p\//);
  });

  it.skipIf(!HAVE_REALPAGES)('works on a real retailer page with its own tracking file', async () => {
    const { code, stdout } = await shelfwatch(
      'extract',
      '--selectors',
      'test/fixtures/realpages/ldlc-fr_search_pc-gamer-rtx-4060.yaml',
      '--html',
      path.join(REALPAGES_DIR, 'ldlc-fr_search_pc-gamer-rtx-4060.html'),
      '--tracking',
      'test/fixtures/realpages/tracking.yaml',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary).toMatchObject({ tiles: 48, ourBestOrganicRank: 2, ourShare: 0.9 });
  });

  it('a broken selector file exits 1 naming the file and field', async () => {
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(
      broken,
      'site: x\nmarket: y\nbaseUrl: http://x\nlocale: en-US\ncurrency: USD\npages:\n  - kind: search\n    url: /s\n    keywords: [a]\n    item: .t\n    fields: { name: .n }\n',
    );
    const { code, stderr } = await shelfwatch('extract', '--selectors', broken, '--html', savedPage);
    expect(code).toBe(1);
    expect(stderr).toContain(`${broken}: pages[0].url: must contain {keyword}`);
  });

  it('a missing option or an unknown page exits 2 with the usage', async () => {
    const missing = await shelfwatch('extract', '--selectors', 'selectors/demo-shop/us.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--html is required');
    expect(missing.stderr).toContain('Usage: shelfwatch extract');
    const unknown = await shelfwatch(
      'extract',
      '--selectors',
      'selectors/demo-shop/us.yaml',
      '--html',
      savedPage,
      '--page',
      'checkout',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no page "checkout" (pages: search, mascara, home)');
  });

  it.skipIf(!HAVE_REALPAGES)(
    '--dir: every saved page in one process, a summary table, JSON lines with --json',
    async () => {
      const args = ['extract', '--dir', REALPAGES_DIR, '--selectors-dir', 'test/fixtures/realpages'];
      const table = await shelfwatch(...args);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(
        /bestbuy-us_search_keyboard\.html +bestbuy \/ us \/ search +ok +18 +0 +10 +0 +Logitech - MK270/,
      );
      expect(table.stdout).toMatch(/amazon-us_search_keyboard\.html +amazon \/ us \/ search +ok +22 +6 /);
      expect(table.stdout).toContain('6 pages: 6 ok, 0 not ok, 0 could not be extracted');
      const json = await shelfwatch(...args, '--json');
      const lines = json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => [line.site, line.market, line.status])).toEqual([
        ['amazon', 'jp', 'ok'],
        ['amazon', 'us', 'ok'],
        ['bestbuy', 'us', 'ok'],
        ['debijenkorf', 'nl', 'ok'],
        ['ldlc', 'fr', 'ok'],
        ['rakuten', 'de', 'ok'],
      ]);
      expect(lines[4].summary).toMatchObject({ tiles: 48, ourBestOrganicRank: 2 });
    },
  );

  it('--dir: a page without its selector file, or a broken one, is named in the table and fails the exit code', async () => {
    await writeFile(path.join(dir, 'orphan.html'), '<html></html>');
    await writeFile(path.join(dir, 'us-mascara.yaml'), 'site: [');
    const { code, stdout } = await shelfwatch('extract', '--dir', dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/orphan\.html +error +\(see below\)/);
    expect(stdout).toMatch(/! .*orphan\.html: cannot read .*orphan\.yaml: ENOENT/);
    expect(stdout).toMatch(/! .*us-mascara\.html: .*us-mascara\.yaml: line \d+, column \d+/);
    expect(stdout).toContain('2 pages: 0 ok, 0 not ok, 2 could not be extracted');
  });
});
