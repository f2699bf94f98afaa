import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import type { ListingResult } from '../../../functions/core/extract/types.ts';
import { parseSiteFile } from '../../../functions/core/selectors/load.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';
import { shelfwatch } from '../../support/cli.ts';

/** `suggest` with two saved pages and no scan history: the demo shop's search, before and after its redesign. */
let dir: string;
let shop: DemoShop;
const saved = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-suggest-saved-'));
  await copyBundledSelectors(path.join(dir, 'selectors'));
  shop = await startDemoShop({ date: '2026-11-23' });
  const get = async () => (await fetch(`${shop.url}/us/search?q=mascara`)).text();
  await writeFile(saved('good.html'), await get());
  shop.faults.add({ type: 'layout', market: 'us' });
  await writeFile(saved('broken.html'), await get());
}, 60_000);
afterAll(async () => {
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('suggest on two saved pages', () => {
  it('proves a fix on the pages alone, writes it, and the broken page then reads as the good one did', async () => {
    const file = path.join(dir, 'selectors/demo-shop/us.yaml');
    const run = await shelfwatch(
      ...['suggest', 'demo-shop/us', '--selectors', path.join(dir, 'selectors'), '--page', 'search'],
      ...['--good', saved('good.html'), '--broken', saved('broken.html'), '--write'],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /search "mascara", broken in .*broken\.html, good in .*good\.html:\n {2}fix found: item /,
    );
    expect(run.stdout).toContain('wrote ');
    const { site } = parseSiteFile(file, await readFile(file, 'utf8'));
    const read = async (name: string) =>
      extractPage({
        site: site!,
        page: site!.pages[0]!,
        classify: createClassifier(null),
        html: await readFile(saved(name), 'utf8'),
        pageUrl: `${site!.baseUrl}/search?q=mascara`,
      }) as ListingResult;
    const figures = (result: ListingResult) => result.tiles.map((t) => [t.name, t.organicRank, t.price, t.sponsored]);
    expect((await read('broken.html')).status).toBe('ok');
    expect(figures(await read('broken.html'))).toEqual(figures(await read('good.html')));
  });

  it('says what is missing: one saved page alone, or a good page the file cannot read', async () => {
    const alone = await shelfwatch('suggest', 'demo-shop/us', '--good', saved('good.html'));
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--good and --broken go together');
    const swapped = await shelfwatch(
      ...['suggest', 'demo-shop/us', '--selectors', path.join(dir, 'selectors'), '--page', 'mascara'],
      ...['--good', saved('broken.html'), '--broken', saved('good.html')],
    );
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toMatch(
      /broken\.html does not read with .*us\.yaml \(selector_miss\): it is no good page to learn from/,
    );
  });
});
