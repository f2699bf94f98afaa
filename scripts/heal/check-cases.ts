import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import type { ListingResult } from '../../functions/core/extract/types.ts';
import { knownTilesOf } from '../../functions/core/heal/broken-pages.ts';
import type { SuggestInput } from '../../functions/core/heal/suggest-fix.ts';
import { loadSelectorDir, parseSiteFile, parseTrackingFile } from '../../functions/core/selectors/load.ts';
import type { CategoryPageSpec, SearchPageSpec } from '../../functions/core/selectors/schema.ts';
import { pageUrl, withOrigin } from '../../functions/core/selectors/urls.ts';
import { startDemoShop } from '../demo-shop/server.ts';
import { REDESIGNS } from './redesigns.ts';

/** One page broken on purpose: what `suggest` is given, and what it must find again. */
export interface CheckCase {
  name: string;
  input: SuggestInput;
  /** The good day read with the file as it was: what a fix must reproduce on the redesigned page. */
  expected: ListingResult;
}

type ListingPage = SearchPageSpec | CategoryPageSpec;

const knownOf = knownTilesOf;

/** The demo shop's own redesign (fault "layout": v2), its search and category pages, and each redesign of its v1 pages. */
export async function demoCases(rootDir: string): Promise<CheckCase[]> {
  const shop = await startDemoShop({ date: '2026-11-23' });
  try {
    const set = await loadSelectorDir(path.join(rootDir, 'selectors'));
    const classify = createClassifier(set.tracking);
    const cases: CheckCase[] = [];
    for (const market of ['us', 'fr']) {
      const site = withOrigin(
        set.sites.find((s) => s.market === market)!,
        shop.url,
      );
      for (const page of site.pages.filter((p): p is ListingPage => p.kind !== 'placement')) {
        const url = pageUrl(site, page, page.kind === 'search' ? page.keywords[0] : undefined);
        const get = async () => await (await fetch(url, { headers: { cookie: 'consent=accepted' } })).text();
        const good = { html: await get(), url };
        const { base, expected } = goodDay(site, page, classify, good);
        if (expected.status !== 'ok') continue;
        shop.faults.add({ type: 'layout', market });
        const redesigned = { html: await get(), url };
        shop.faults.clear();
        const name = `demo ${market} ${page.name ?? page.kind}`;
        cases.push({ name: `${name}: the shop's v2`, input: { ...base, broken: redesigned }, expected });
        cases.push(...redesignCases(name, base, expected));
      }
    }
    return cases;
  } finally {
    await shop.close();
  }
}

/** Every saved real listing page with its fixture file, under each redesign. */
export async function realPageCases(realDir: string, fixturesDir: string): Promise<CheckCase[]> {
  const tracking = parseTrackingFile('tracking.yaml', await readFile(path.join(fixturesDir, 'tracking.yaml'))).tracking;
  const classify = createClassifier(tracking);
  const cases: CheckCase[] = [];
  for (const file of (await readdir(realDir)).filter((n) => n.endsWith('.html')).sort()) {
    const name = file.slice(0, -'.html'.length);
    const fixture = await readFile(path.join(fixturesDir, `${name}.yaml`)).catch(() => null);
    if (!fixture) continue;
    const { site } = parseSiteFile(name, fixture);
    const page = site?.pages[0];
    if (!site || !page || page.kind === 'placement') continue;
    const html = await readFile(path.join(realDir, file), 'utf8');
    const { base, expected } = goodDay(site, page, classify, { html, url: site.baseUrl });
    cases.push(...redesignCases(name, base, expected));
  }
  return cases;
}

/** What a suggestion is given of a good day, and what that day read: the cases' common half. */
function goodDay(
  site: SuggestInput['site'],
  page: ListingPage,
  classify: SuggestInput['classify'],
  good: { html: string; url: string },
): { base: Omit<SuggestInput, 'broken'>; expected: ListingResult } {
  const expected = extractPage({ site, page, classify, html: good.html, pageUrl: good.url }) as ListingResult;
  const known = knownOf(expected);
  return {
    base: { site, page, classify, known, knownCount: expected.tiles.length, good, goodFigures: expected.tiles },
    expected,
  };
}

/** The good day's page under each redesign. */
function redesignCases(name: string, base: Omit<SuggestInput, 'broken'>, expected: ListingResult): CheckCase[] {
  return REDESIGNS.map((redesign) => ({
    name: `${name}: ${redesign.name}`,
    input: { ...base, broken: { html: redesign.apply(base.good!.html, base.page.item), url: base.good!.url } },
    expected,
  }));
}
