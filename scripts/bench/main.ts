import { startBenchStack } from './bench-stack.ts';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { dynamo } from '../../functions/core/aws/dynamo.ts';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { expandTargets } from '../../functions/core/jobs/expand.ts';
import { putJobs } from '../../functions/core/launch/put-jobs.ts';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { queryDay } from '../../functions/core/store/observations/queries.ts';
import { startDemoShop } from '../demo-shop/server.ts';
import { extractionShare } from './backend.ts';
import { benchPages, benchSelectors } from './pages.ts';
import { createBrowserPool } from '../../functions/core/browser/pool.ts';
import { browserRssMb as browserMemoryMb } from '../../functions/core/browser/browser-memory.ts';
import {
  browserRssMb,
  coldStart,
  extractedNames,
  floor,
  puppeteerProfilesMb,
  staticPath,
  chromePathWithExtraction,
  summarize,
} from './sections.ts';
import { renderFloor } from './render.ts';
import { median, timedPool } from './stats.ts';
import { guardedLauncher } from '../../functions/core/browser/guarded-launcher.ts';
import { createRequestGuard } from '../../functions/core/security/request-guard.ts';
import { benchViews } from './views.ts';
import { adaptiveSection } from './adaptive.ts';
import { startHeavySet } from './heavy-pages.ts';
import { heavySection } from './heavy.ts';
import { startWeightedDemoSet } from './weighted-demo.ts';
import path from 'node:path';
import type { PerPage } from './sections.ts';
import { printReport, type BenchResults } from './report.ts';
import { round } from './stats.ts';

/** `npm run bench`: the browser's own limit against the pipeline, and the targets they must meet. */
const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '50' },
    pages: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench-results.json' },
    // Rounds of the ratio measures (pipeline / floor, blocking, cold start, auto / chrome): their medians are reported.
    runs: { type: 'string', default: '3' },
  },
});
const rounds = Math.max(1, Number(values.runs));
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const rootDir = process.cwd();
const log = (line: string) => process.stderr.write(`${line}\n`);

const shop = await startDemoShop({ latencyMs, date: '2026-11-23' });
const selectorsDir = await benchSelectors(rootDir, Number(values.pages));
const pages = await benchPages(selectorsDir, shop.url);
const classify = createClassifier((await loadSelectorDir(selectorsDir)).tracking);
log(
  `bench: ${pages.length} demo-shop pages, ${latencyMs} ms latency per request, ${concurrency} pages at once, ${os.cpus().length} cores`,
);

log('1/8 cold start');
const colds: Awaited<ReturnType<typeof coldStart>>[] = [];
for (let n = 0; n < rounds; n++) colds.push(await coldStart(pages, concurrency));
const cold = { ...colds.at(-1)!, share: round(median(colds.map((entry) => entry.share)), 3) };

const browser = await launchBrowser();
await floor(browser, pages.slice(0, concurrency), concurrency); // warm the browser up

log('2/8 floor: blocked');
const blocked = await floor(browser, pages, concurrency, true);
log('3/8 blocking: nothing blocked');
const unblocked = await floor(browser, pages, concurrency, false);
const sameResults =
  JSON.stringify(extractedNames(pages, blocked.htmls, classify)) ===
  JSON.stringify(extractedNames(pages, unblocked.htmls, classify));

log('3b/8 guard: every connection through the guarding proxy');
// Floor and guarded alternate twice, so a slow moment of the machine falls on both.
const launcher = guardedLauncher(createRequestGuard({ allowedOrigins: [shop.url] }));
const guardedBrowser = await launcher.launch();
await floor(guardedBrowser, pages.slice(0, concurrency), concurrency);
const guardRounds: Array<{ plain: number; guarded: number }> = [];
for (let pass = 0; pass < 2; pass++) {
  const plain = (await floor(browser, pages, concurrency, true)).figures.perPageMs;
  const guarded = (await floor(guardedBrowser, pages, concurrency, true)).figures.perPageMs;
  guardRounds.push({ plain, guarded });
}
await guardedBrowser.close();
await launcher.close();
const guard = {
  plainPerPageMs: round(median(guardRounds.map((entry) => entry.plain))),
  guardedPerPageMs: round(median(guardRounds.map((entry) => entry.guarded))),
};
const guardCost = {
  ...guard,
  extraMsPerPage: round(guard.guardedPerPageMs - guard.plainPerPageMs),
  ratio: round(guard.guardedPerPageMs / guard.plainPerPageMs, 3),
};

log('4/8 tabs');
const tabs: Array<{ tabs: number; pagesPerSecond: number; efficiency: number }> = [];
for (const k of [1, 2, 4, 8]) {
  const { figures } = await floor(browser, pages.slice(0, Math.max(24, k * 6)), k);
  tabs.push({ tabs: k, pagesPerSecond: figures.pagesPerSecond, efficiency: 0 });
}
for (const entry of tabs) entry.efficiency = round(entry.pagesPerSecond / (entry.tabs * tabs[0]!.pagesPerSecond), 2);

log('5/8 static path');
const serverRendered = pages.filter((page) => page.site.market === 'us');
const staticFigures = await staticPath(serverRendered, concurrency, classify);
// A plain fetch costs no browser, so it can afford many requests at once.
const staticWide = await staticPath(serverRendered, 32, classify);
const chromeFigures = await chromePathWithExtraction(browser, serverRendered, concurrency, classify);
await browser.close();

log('6/8 stability: 200 pages through the scraper’s browser pool');
// As the scrape function has it: retired on measured memory growth.
const pool = createBrowserPool(() => launchBrowser(), { measure: browserMemoryMb });
const many = Array.from({ length: 200 }, (_unused, index) => pages[index % pages.length]!);
const throughPool = (list: typeof many) =>
  timedPool(list, concurrency, async (page) => {
    const lease = await pool.lease();
    try {
      await renderFloor(lease.browser, page.url, page.readySelector, true);
    } finally {
      lease.release();
    }
  });
await throughPool(many.slice(0, 10));
const after10 = { rssMb: browserRssMb(), tmpMb: await puppeteerProfilesMb() };
await throughPool(many.slice(10));
const after200 = { rssMb: browserRssMb(), tmpMb: await puppeteerProfilesMb(), browsersLaunched: pool.launches() };
await pool.close();

log('6b/8 heavy pages: the saved real pages with their images, styles, fonts and scripts');
const heavySet = await startHeavySet(path.resolve(rootDir, '../shared/realpages'), latencyMs);
if (!heavySet) log('heavy pages skipped: ../shared/realpages is not there');
const heavy = heavySet ? await heavySection(heavySet, concurrency, rounds, log) : null;
await heavySet?.close();
log('6c/8 heavy pages: the demo pages with real weight (real-weight.ts)');
const weightedSet = await startWeightedDemoSet(rootDir, latencyMs, '2026-11-23');
const weightedDemo = await heavySection(weightedSet, concurrency, rounds, log);
await weightedSet.close();

log('7/8 pipeline on the local stack');
const stack = await startBenchStack(rootDir, selectorsDir, shop.url, concurrency);
const client = dynamo();
const send = client.send.bind(client);
// The pipeline's own requests; the Gets and Queries of waitForRun (this benchmark watching) are not counted.
const PIPELINE_COMMANDS = new Set(['PutCommand', 'UpdateCommand', 'BatchGetCommand', 'BatchWriteCommand']);
let dynamoRequests = 0;
client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
  if (PIPELINE_COMMANDS.has(command.constructor.name)) dynamoRequests += 1;
  return (send as (...args: unknown[]) => unknown)(command, ...rest);
}) as unknown as typeof client.send;
// Warm-up scan: the container's browser is launched once, as on a warm Lambda.
const warm = await stack.scheduledScan(new Date('2026-11-22T06:00:00Z'));
await stack.waitForRun(warm.runId);
// Rounds of floor then pipeline, one day each, so a slow moment of the machine falls on both.
const floorBrowser = await launchBrowser();
await floor(floorBrowser, pages.slice(0, concurrency), concurrency);
const pipelineRounds: Array<{ floor: PerPage; pipeline: PerPage & { dynamoRequestsPerPage: number } }> = [];
let started = 0;
for (let n = 0; n < rounds; n++) {
  const day = `2026-11-${23 + n}`;
  shop.setDate(day);
  const floorFigures = (await floor(floorBrowser, pages, concurrency, true)).figures;
  dynamoRequests = 0;
  started = performance.now();
  const run = await stack.scheduledScan(new Date(`${day}T06:00:00Z`));
  // Watched every 50 ms, so the figure is the pipeline's, not the watching's (a 1 s poll added up to 50 ms a page).
  await stack.waitForRun(run.runId, undefined, undefined, 50);
  const pipelineWallMs = performance.now() - started;
  const observations = (await queryDay(stack.tableName, day)).filter((o) => o.runId === run.runId);
  pipelineRounds.push({
    floor: floorFigures,
    pipeline: {
      ...summarize(
        observations.map((o) => o.readMs ?? 0),
        pipelineWallMs,
        concurrency,
      ),
      dynamoRequestsPerPage: round(dynamoRequests / pages.length, 2),
    },
  });
  log(
    `  round ${n + 1}: pipeline / floor ${round(pipelineRounds.at(-1)!.pipeline.perPageMs / floorFigures.perPageMs, 3)}`,
  );
}
await floorBrowser.close();
client.send = send;
const pipelineRatios = pipelineRounds.map((entry) => entry.pipeline.perPageMs / entry.floor.perPageMs);
const middle =
  pipelineRounds[pipelineRatios.indexOf([...pipelineRatios].sort((a, b) => a - b)[Math.floor(rounds / 2)]!)]!;
const pipeline = middle.pipeline;

log('7b/8 adaptive rendering: chrome, static and auto on two mixes (1:1 and 3:1 server-rendered)');
const perMarket = Number(values.pages);
const mixes = [
  { us: perMarket, uk: perMarket },
  { us: perMarket, uk: Math.max(1, Math.round(perMarket / 3)) },
];
const adaptive = await adaptiveSection(latencyMs, mixes, concurrency, rounds, log);

log('8/8 fan-out and API');
await stack.events.stop();
const benchJobs = expandTargets((await loadSelectorDir(selectorsDir)).sites);
const manyJobs = Array.from({ length: 10_000 }, (_unused, index) => ({
  ...benchJobs[index % benchJobs.length]!,
  keyword: `k${index}`,
}));
started = performance.now();
await putJobs('bench-fanout', '2026-11-24', manyJobs, { streamName: 'JobStream' });
const fanoutMs = performance.now() - started;
log('8b/8 the day’s pages at 2,000 and 20,000 observations');
const views = await benchViews(stack, [2_000, 20_000], '2026-11-25', (await loadSelectorDir(selectorsDir)).sites);
const extraction = await (async () => {
  const probe = await launchBrowser();
  try {
    return await extractionShare(probe, rootDir, stack.tableName, latencyMs);
  } finally {
    await probe.close();
  }
})();
await stack.close();
await shop.close();

const results: BenchResults = {
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    chrome: process.env.CHROME_PATH ?? '@sparticuz/chromium',
  },
  settings: { latencyMs, pages: pages.length, concurrency },
  floor: middle.floor,
  pipeline,
  pipelineOverFloor: round(median(pipelineRatios), 3),
  pipelineRounds: pipelineRatios.map((ratio) => round(ratio, 3)),
  guardProxy: guardCost,
  blocking: {
    blocked: blocked.figures,
    unblocked: unblocked.figures,
    ratio: round(blocked.figures.perPageMs / unblocked.figures.perPageMs, 3),
    sameResults,
  },
  tabs,
  staticPath: {
    static: staticFigures,
    staticAt32: staticWide,
    chrome: chromeFigures,
    speedup: round(staticFigures.pagesPerSecond / chromeFigures.pagesPerSecond, 1),
    speedupAt32: round(staticWide.pagesPerSecond / chromeFigures.pagesPerSecond, 1),
  },
  coldStart: cold,
  coldStartRounds: colds.map((entry) => entry.share),
  heavy,
  weightedDemo,
  adaptive,
  stability: {
    after10,
    after200,
    rssRatio: round(after200.rssMb / after10.rssMb, 3),
    tmpRatio: round(after200.tmpMb / Math.max(after10.tmpMb, 0.01), 3),
  },
  fanout: { jobs: manyJobs.length, ms: round(fanoutMs), jobsPerSecond: round(manyJobs.length / (fanoutMs / 1000)) },
  views,
  extraction,
};
await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);

printReport(results, values.out);
