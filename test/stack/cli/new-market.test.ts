import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { swapMarketInUrl } from '../../../scripts/maintain/scaffold-market.ts';
import { shelfwatch } from '../../support/cli.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';

describe('swapMarketInUrl', () => {
  it('swaps the market in the path or the country domain, and nowhere else', () => {
    expect(swapMarketInUrl('https://shop.example/fr', 'fr', 'de')).toBe('https://shop.example/de');
    expect(swapMarketInUrl('https://shop.example/fr/', 'fr', 'de')).toBe('https://shop.example/de/');
    expect(swapMarketInUrl('https://shop.example/fr/beauty', 'fr', 'de')).toBe('https://shop.example/de/beauty');
    expect(swapMarketInUrl('https://www.shop.fr', 'fr', 'de')).toBe('https://www.shop.de');
    expect(swapMarketInUrl('https://www.shop.example/frames', 'fr', 'de')).toBeNull();
    expect(swapMarketInUrl('https://www.shop.com', 'us', 'ca')).toBeNull();
  });
});

describe('shelfwatch new-market', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-new-market-'));
    await copyBundledSelectors(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scaffolds a validated file from a market of the same site, comments and selectors kept', async () => {
    const result = await shelfwatch('new-market', 'demo-shop', 'es', '--from', 'fr', '--locale', 'es-ES', '--dir', dir);
    expect(result.code).toBe(0);
    const file = path.join(dir, 'demo-shop/es.yaml');
    expect(result.stdout).toContain(`wrote ${file}`);
    expect(result.stdout).toContain("search keywords are fr's: translate them");
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^# Scaffolded from fr\.yaml on \d{4}-\d{2}-\d{2} by shelfwatch new-market\./);
    expect(text).toContain('# accepting reloads the page');
    const set = await loadSelectorDir(dir);
    expect(set.problems).toEqual([]);
    const [es, fr] = ['es', 'fr'].map((market) => set.sites.find((site) => site.market === market)!);
    expect(es).toMatchObject({
      site: 'demo-shop',
      market: 'es',
      baseUrl: fr!.baseUrl.replace(/\/fr$/, '/es'),
      locale: 'es-ES',
      currency: 'EUR',
    });
    expect(es!.pages).toEqual(fr!.pages);
  });

  it('defaults to the site’s first market', async () => {
    const result = await shelfwatch('new-market', 'demo-shop', 'it', '--dir', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(from ${path.join(dir, 'demo-shop/de.yaml')})`);
  });

  it('refuses what would break or overwrite, and writes nothing', async () => {
    const exists = await shelfwatch('new-market', 'demo-shop', 'fr', '--dir', dir);
    expect([exists.code, exists.stderr]).toEqual([2, expect.stringContaining('exists already')]);
    const unknown = await shelfwatch('new-market', 'nowhere', 'fr', '--dir', dir);
    expect(unknown.stderr).toContain('no valid selector file for site "nowhere"');
    expect(unknown.stderr).toContain('(sites: demo-shop)');
    const badLocale = await shelfwatch('new-market', 'demo-shop', 'nl', '--locale', 'xx_not_a_locale', '--dir', dir);
    expect(badLocale.code).toBe(1);
    expect(badLocale.stderr).toMatch(/invalid: .*nl\.yaml: locale: not a locale this runtime knows/);
    expect(existsSync(path.join(dir, 'demo-shop/nl.yaml'))).toBe(false);
    const badMarket = await shelfwatch('new-market', 'demo-shop', 'NL', '--dir', dir);
    expect(badMarket.stderr).toContain('must be lower-case');
    const noFolder = await shelfwatch('new-market', 'demo-shop', 'nl', '--dir', path.join(dir, 'missing'));
    expect([noFolder.code, noFolder.stderr.trim()]).toEqual([
      1,
      `shelfwatch new-market: cannot read the selector folder ${path.join(dir, 'missing')}: no such folder`,
    ]);
  });
});
