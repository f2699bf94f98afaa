import { afterAll, beforeAll } from 'vitest';
import { loadSelectorDir, type LoadedSite } from '../../functions/core/selectors/load.ts';
import type { TrackingFile } from '../../functions/core/selectors/schema.ts';
import { withOrigin } from '../../functions/core/selectors/urls.ts';
import { startDemoShop, type DemoShop, type DemoShopOptions } from '../../scripts/demo-shop/server.ts';
import { SELECTORS_DIR } from './paths.ts';

export const DEMO_DATE = '2026-11-23';

export interface DemoContext {
  shop: DemoShop;
  /** The bundled demo-shop selector files, pointed at this test's shop. */
  sites: LoadedSite[];
  tracking: TrackingFile | null;
  site(market: string): LoadedSite;
}

/** Starts the demo shop on a free port for the test file and loads the bundled selector files for it. */
export function useDemoShop(date = DEMO_DATE, options: Pick<DemoShopOptions, 'weight'> = {}): DemoContext {
  const context = {} as DemoContext;
  beforeAll(async () => {
    const shop = await startDemoShop({ date, ...options });
    const set = await loadSelectorDir(SELECTORS_DIR);
    if (set.problems.length) throw new Error(`bundled selector files are broken: ${JSON.stringify(set.problems)}`);
    context.shop = shop;
    context.sites = set.sites.map((site) => withOrigin(site, shop.url));
    context.tracking = set.tracking;
    context.site = (market) => {
      const site = context.sites.find((candidate) => candidate.market === market);
      if (!site) throw new Error(`no demo-shop selector file for ${market}`);
      return site;
    };
  });
  afterAll(async () => {
    await context.shop?.close();
  });
  return context;
}
