import * as cheerio from 'cheerio/slim';
import { browserRssMb as browserMemoryMb } from '../../functions/core/browser/browser-memory.ts';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { createBrowserPool } from '../../functions/core/browser/pool.ts';
import type { HeavyPage, HeavySet } from './heavy-pages.ts';
import { renderFloor } from './render.ts';
import { browserRssMb, coldStart, summarize, type ColdStart, type PerPage } from './sections.ts';
import { median, round, timedPool } from './stats.ts';

export interface HeavyFigures {
  pages: number;
  assets: Record<string, number>;
  blocked: PerPage;
  unblocked: PerPage;
  /** Busy-browser time blocked / unblocked, the median of alternating passes. */
  ratio: number;
  ratios: number[];
  sameResults: boolean;
  /** The browser's memory at its highest while 4 tabs read the heavy pages, unblocked and blocked. */
  peakRssMb: { unblocked: number; blocked: number };
  memory: { after10Mb: number; after200Mb: number; ratio: number; browsersLaunched: number };
  /** The median share over the rounds, the last round's other figures. */
  coldStart: ColdStart;
  coldStartRounds: number[];
}

/** Blocking, memory and the cold start on the heavy set, as the scraper reads pages (same origin only). */
export async function heavySection(
  set: HeavySet,
  concurrency: number,
  rounds: number,
  log: (line: string) => void,
): Promise<HeavyFigures> {
  const loads = Array.from({ length: 24 }, (_u, i) => set.pages[i % set.pages.length]!);
  const browser = await launchBrowser();
  const pass = async (block: boolean) => {
    const htmls = new Map<string, string>();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, browserRssMb())), 100);
    const { durations, wallMs } = await timedPool(loads, concurrency, async (page) => {
      htmls.set(page.name, await renderFloor(browser, page.url, page.readySelector, block, true));
    });
    clearInterval(sampler);
    return { figures: summarize(durations, wallMs, concurrency), htmls, peak };
  };
  await pass(true); // warm
  const passesRun: Array<{ blocked: Awaited<ReturnType<typeof pass>>; unblocked: Awaited<ReturnType<typeof pass>> }> =
    [];
  const passes = Math.max(2, rounds);
  for (let n = 0; n < passes; n++) {
    log(`heavy: blocking pass ${n + 1}/${passes}`);
    passesRun.push({ unblocked: await pass(false), blocked: await pass(true) });
  }
  await browser.close();
  const tilesOf = (htmls: Map<string, string>) =>
    set.pages.map((page) => cheerio.load(htmls.get(page.name) ?? '')(page.readySelector).length);
  const sameResults = passesRun.every(
    ({ blocked, unblocked }) => JSON.stringify(tilesOf(blocked.htmls)) === JSON.stringify(tilesOf(unblocked.htmls)),
  );
  const ratios = passesRun.map(({ blocked, unblocked }) => blocked.figures.perPageMs / unblocked.figures.perPageMs);

  log('heavy: memory over 200 pages through the pool');
  const pool = createBrowserPool(() => launchBrowser(), { measure: browserMemoryMb });
  const through = (list: HeavyPage[]) =>
    timedPool(list, concurrency, async (page) => {
      const lease = await pool.lease();
      try {
        await renderFloor(lease.browser, page.url, page.readySelector, true, true);
      } finally {
        lease.release();
      }
    });
  const many = Array.from({ length: 200 }, (_u, i) => set.pages[i % set.pages.length]!);
  await through(many.slice(0, 10));
  const after10Mb = browserRssMb();
  await through(many.slice(10));
  const after200Mb = browserRssMb();
  const browsersLaunched = pool.launches();
  await pool.close();

  log('heavy: cold start against a 50-page batch');
  const batch = Array.from({ length: 50 }, (_u, i) => set.pages[i % set.pages.length]!);
  const colds: ColdStart[] = [];
  for (let n = 0; n < rounds; n++) colds.push(await coldStart(batch, concurrency, true));
  const cold = { ...colds.at(-1)!, share: round(median(colds.map((entry) => entry.share)), 3) };
  return {
    pages: set.pages.length,
    assets: set.assets,
    blocked: passesRun.at(-1)!.blocked.figures,
    unblocked: passesRun.at(-1)!.unblocked.figures,
    ratio: round(median(ratios), 3),
    ratios: ratios.map((r) => round(r, 3)),
    sameResults,
    peakRssMb: {
      unblocked: round(Math.max(...passesRun.map((r) => r.unblocked.peak))),
      blocked: round(Math.max(...passesRun.map((r) => r.blocked.peak))),
    },
    memory: { after10Mb, after200Mb, ratio: round(after200Mb / after10Mb, 3), browsersLaunched },
    coldStart: cold,
    coldStartRounds: colds.map((entry) => entry.share),
  };
}
