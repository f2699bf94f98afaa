import { startBenchStack } from './bench-stack.ts';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Observation } from '../../functions/core/store/model.ts';
import { queryDay } from '../../functions/core/store/observations/queries.ts';
import { targetKey } from '../../functions/core/jobs/expand.ts';
import { startDemoShop } from '../demo-shop/server.ts';
import { benchSelectors } from './pages.ts';
import { median, round } from './stats.ts';

export interface Mix {
  us: number;
  uk: number;
}

export interface RenderModeFigures {
  render: 'chrome' | 'static' | 'auto';
  /** The mix it was measured on: keywords of the server-rendered market (us) and of the script-drawn one (uk). */
  mix: Mix;
  pages: number;
  pagesPerSecond: number;
  /** Scrape function time (its invocations, end to end) per 1,000 pages. */
  lambdaSecondsPer1000: number;
  /** Pages read with a plain fetch. */
  plain: number;
  /** Pages whose tiles (names, order, prices, sponsored flags) are exactly Chromium's. */
  identical: number;
}

/** One mix over the rounds: the median round's figures, and auto's speed-up in each round. */
export interface MixFigures {
  mix: Mix;
  /** chrome and auto of the median round (by speed-up), and static of the first round (nothing is compared with it). */
  modes: RenderModeFigures[];
  /** auto / chrome pages per second, each round (each compared with its own round's Chromium). */
  speedups: number[];
  speedup: number;
  /** Every round's auto read exactly what that round's Chromium read, on every page. */
  identicalEveryRound: boolean;
}

/**
 * Each mix of server-rendered (us) and script-drawn (uk) pages, measured as `adaptiveMix` does,
 * `rounds` times: chrome and auto alternate, each round compared with its own Chromium. The mix
 * bounds what auto can gain: the script-drawn share always needs Chromium, and so does one
 * server-rendered page in ten (the checks), so 1:1 can never reach 2× (at best 1 / (0.5 + 0.05)).
 */
export async function adaptiveSection(
  latencyMs: number,
  mixes: Mix[],
  concurrency: number,
  rounds: number,
  log: (line: string) => void,
): Promise<MixFigures[]> {
  const figures: MixFigures[] = [];
  for (const mix of mixes) {
    const measured: RenderModeFigures[][] = [];
    for (let n = 0; n < rounds; n++) {
      const modes = await adaptiveMix(latencyMs, mix, concurrency, n === 0, log);
      measured.push(modes);
      log(`  mix ${mix.us}:${mix.uk} round ${n + 1}: auto / chrome ${speedupOf(modes).toFixed(2)}`);
    }
    const speedups = measured.map(speedupOf);
    const middle = measured[speedups.indexOf(median(speedups))]!;
    const staticMode = measured[0]!.find((mode) => mode.render === 'static')!;
    figures.push({
      mix,
      modes: [...middle.filter((mode) => mode.render !== 'static'), staticMode],
      speedups: speedups.map((speedup) => round(speedup, 2)),
      speedup: round(median(speedups), 2),
      identicalEveryRound: measured.every((modes) =>
        modes.filter((mode) => mode.render === 'auto').every((mode) => mode.identical === mode.pages),
      ),
    });
  }
  return figures;
}

function speedupOf(modes: RenderModeFigures[]): number {
  const of = (render: RenderModeFigures['render']) => modes.find((mode) => mode.render === render)!.pagesPerSecond;
  return of('auto') / of('chrome');
}

/**
 * The same mixed set (us server-rendered, uk drawn by script) scanned through the local stack with
 * `render: chrome`, `auto` and (when asked) `static`, each in a process of its own (a stack's
 * functions keep their selector files for the process): a warm-up day first (for auto, the day its
 * checks set the verdicts), then the measured day, whose tiles are compared with Chromium's page by page.
 */
async function adaptiveMix(
  latencyMs: number,
  mix: Mix,
  concurrency: number,
  withStatic: boolean,
  log: (line: string) => void,
): Promise<RenderModeFigures[]> {
  const measured: Array<{ figures: RenderModeFigures; tiles: Record<string, string> }> = [];
  const renders = withStatic ? (['chrome', 'auto', 'static'] as const) : (['chrome', 'auto'] as const);
  for (const render of renders) {
    log(`adaptive: render ${render}, ${mix.us} server-rendered : ${mix.uk} script-drawn pages`);
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      render,
      String(latencyMs),
      JSON.stringify(mix),
      String(concurrency),
    ]);
    measured.push(JSON.parse(stdout.trim().split('\n').at(-1)!));
  }
  const chrome = measured[0]!.tiles;
  return measured.map(({ figures, tiles }) => ({
    ...figures,
    identical: Object.entries(tiles).filter(([key, value]) => chrome[key] === value).length,
  }));
}

/** One render mode, in this process: its figures and each page's tiles. */
async function measureRenderMode(
  render: RenderModeFigures['render'],
  latencyMs: number,
  mix: Mix,
  concurrency: number,
): Promise<{ figures: RenderModeFigures; tiles: Record<string, string> }> {
  const rootDir = process.cwd();
  const selectorsDir = await benchSelectors(rootDir, mix, render);
  const shop = await startDemoShop({ latencyMs, date: '2026-11-22' });
  const stack = await startBenchStack(rootDir, selectorsDir, shop.url, concurrency);
  try {
    const scrape = stack.functions.scrape;
    const invoke = scrape.invoke.bind(scrape);
    let busyMs = 0;
    scrape.invoke = async (event) => {
      const started = performance.now();
      try {
        return await invoke(event);
      } finally {
        busyMs += performance.now() - started;
      }
    };
    const warm = await stack.scheduledScan(new Date('2026-11-22T06:00:00Z'));
    await stack.waitForRun(warm.runId, undefined, undefined, 50);
    busyMs = 0;
    shop.setDate('2026-11-23');
    const started = performance.now();
    const scan = await stack.scheduledScan(new Date('2026-11-23T06:00:00Z'));
    await stack.waitForRun(scan.runId, undefined, undefined, 50);
    const wallMs = performance.now() - started;
    const observations = (await queryDay(stack.tableName, '2026-11-23')).filter((o) => o.runId === scan.runId);
    return {
      figures: {
        render,
        mix,
        pages: observations.length,
        pagesPerSecond: round(observations.length / (wallMs / 1000), 2),
        lambdaSecondsPer1000: round((busyMs / 1000 / observations.length) * 1000, 1),
        plain: observations.filter((o) => o.renderedBy === 'static').length,
        identical: 0,
      },
      tiles: Object.fromEntries(observations.map((o) => [targetKey(o), tilesOf(o)])),
    };
  } finally {
    await stack.close();
    await shop.close();
    await rm(selectorsDir, { recursive: true, force: true });
  }
}

/** A page's figures, its links without the shop's origin (each mode's process serves the shop on a port of its own). */
function tilesOf(o: Observation): string {
  const path = (url: string | null) => (url ? url.replace(/^https?:\/\/[^/]+/, '') : url);
  return JSON.stringify([
    o.status,
    (o.tiles ?? []).map((t) => [t.name, t.organicRank, t.price, t.sponsored, t.brand, path(t.url)]),
  ]);
}

const run = promisify(execFile);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [render, latencyMs, mix, concurrency] = process.argv.slice(2);
  const result = await measureRenderMode(
    render as RenderModeFigures['render'],
    Number(latencyMs),
    JSON.parse(mix!) as Mix,
    Number(concurrency),
  );
  console.log(JSON.stringify(result));
  process.exit(0);
}
