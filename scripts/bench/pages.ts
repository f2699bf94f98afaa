import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { expandTargets, resolveTarget, type Target } from '../../functions/core/jobs/expand.ts';
import { loadSelectorDir, type LoadedSite } from '../../functions/core/selectors/load.ts';
import type { PageSpec } from '../../functions/core/selectors/schema.ts';
import { pageUrl, withOrigin } from '../../functions/core/selectors/urls.ts';
import { CATALOG } from '../demo-shop/catalog.ts';

export interface BenchPage {
  job: Target;
  site: LoadedSite;
  page: PageSpec;
  url: string;
  /** What the page is ready on: its items, or its "no results" note. */
  readySelector: string;
}

/** How many keywords each market gets: the same number, or us (server-rendered) and uk (script-drawn) apart. */
export type MarketPages = number | { us: number; uk: number };

/**
 * The benchmark's pages: the demo shop's search results for every product line, in the uk market
 * (rendered in the browser) and the us market (server-rendered), as a selector folder of their own
 * so the pipeline scans exactly these pages.
 */
export async function benchSelectors(
  rootDir: string,
  perMarket: MarketPages,
  render: 'chrome' | 'static' | 'auto' = 'chrome',
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-bench-'));
  await cp(path.join(rootDir, 'selectors'), dir, { recursive: true });
  const words = [
    ...new Set([
      ...CATALOG.map((product) => product.line.toLowerCase()),
      ...CATALOG.map((product) => product.brand.toLowerCase()),
    ]),
  ];
  for (const market of ['us', 'uk'] as const) {
    const keywords = words.slice(0, typeof perMarket === 'number' ? perMarket : perMarket[market]);
    const file = path.join(dir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.render = render;
    // The bench times the pipeline against the browser's floor: no page read twice (the second
    // reader costs its share, secondRead.share, on top).
    site.secondRead = { share: 0 };
    site.pages = [{ ...site.pages[0], keywords }];
    await writeFile(file, stringify(site));
  }
  for (const market of ['fr', 'de']) await rm(path.join(dir, 'demo-shop', `${market}.yaml`));
  return dir;
}

export async function benchPages(selectorsDir: string, origin: string): Promise<BenchPage[]> {
  const set = await loadSelectorDir(selectorsDir);
  const sites = set.sites.map((site) => withOrigin(site, origin));
  return expandTargets(sites).map((job) => {
    const { site, page } = resolveTarget(sites, job)!;
    const listing = page as Extract<PageSpec, { kind: 'search' }>;
    return {
      job,
      site,
      page,
      url: pageUrl(site, page, job.keyword),
      readySelector: [listing.item, listing.noResults].filter(Boolean).join(', '),
    };
  });
}
