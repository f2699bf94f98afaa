import { renderTable } from '../format/table.ts';
import { CHECK_EVERY } from '../../functions/core/rendering/choose-render.ts';
import { autoSpeedupBound, round } from './stats.ts';
import type { ExtractionShare } from './backend.ts';
import type { ColdStart, PerPage } from './sections.ts';
import type { HeavyFigures } from './heavy.ts';
import type { MixFigures } from './adaptive.ts';
import type { DaySizeFigures } from './views.ts';

/** What `npm run bench` measured (written as JSON, printed as the table below). */
export interface BenchResults {
  machine: { cpus: number; model: string | undefined; memoryGb: number; node: string; chrome: string };
  settings: { latencyMs: number; pages: number; concurrency: number };
  floor: PerPage;
  pipeline: PerPage & { dynamoRequestsPerPage: number };
  /** The median over the rounds; each round's ratio. */
  pipelineOverFloor: number;
  pipelineRounds: number[];
  guardProxy: { plainPerPageMs: number; guardedPerPageMs: number; extraMsPerPage: number; ratio: number };
  blocking: { blocked: PerPage; unblocked: PerPage; ratio: number; sameResults: boolean };
  tabs: Array<{ tabs: number; pagesPerSecond: number; efficiency: number }>;
  staticPath: { static: PerPage; staticAt32: PerPage; chrome: PerPage; speedup: number; speedupAt32: number };
  coldStart: ColdStart;
  coldStartRounds: number[];
  /** The saved real pages; null without ../shared/realpages. */
  heavy: HeavyFigures | null;
  /** The demo pages with real weight. */
  weightedDemo: HeavyFigures;
  adaptive: MixFigures[];
  stability: {
    after10: { rssMb: number; tmpMb: number };
    after200: { rssMb: number; tmpMb: number; browsersLaunched: number };
    rssRatio: number;
    tmpRatio: number;
  };
  fanout: { jobs: number; ms: number; jobsPerSecond: number };
  views: DaySizeFigures[];
  extraction: ExtractionShare | null;
}

type Row = [metric: string, value: string, target: string, ok: boolean];

/** The table of figures against their targets, met or MISSED. */
export function printReport(results: BenchResults, out: string): void {
  const { floor: blockedFigures, pipeline, guardProxy: guardCost, tabs, coldStart: cold, extraction } = results;
  const { after10, after200 } = results.stability;
  const { static: staticFigures, staticAt32: staticWide, chrome: chromeFigures } = results.staticPath;
  const sameResults = results.blocking.sameResults;
  const twoPerCore = tabs.find((entry) => entry.tabs === 2 * results.machine.cpus) ?? tabs.at(-1)!;
  const rows = [
    [
      'floor: per page (median / p90 / busy-browser)',
      `${blockedFigures.medianMs} / ${blockedFigures.p90Ms} / ${blockedFigures.perPageMs} ms`,
      '',
      true,
    ],
    [
      'pipeline: per page, busy-browser time',
      `${pipeline.perPageMs} ms (in-handler median ${pipeline.medianMs} ms)`,
      '',
      true,
    ],
    [
      'pipeline / floor, evidence on (median of rounds)',
      `${results.pipelineOverFloor} (${results.pipelineRounds.join(', ')})`,
      '≤ 1.10',
      results.pipelineOverFloor <= 1.1,
    ],
    [
      'demo pages: blocked / unblocked (same results)',
      `${results.blocking.ratio} (${sameResults ? 'identical' : 'DIFFERENT'})`,
      '',
      true,
    ],
    ...heavyRows('heavy', 'real pages, their assets served locally', results.heavy),
    ...heavyRows('weighted demo', 'demo pages with real weight', results.weightedDemo),
    ...adaptiveRows(results.adaptive),
    [
      'guarding proxy: busy-browser ms/page without → with',
      `${guardCost.plainPerPageMs} → ${guardCost.guardedPerPageMs} ms (${guardCost.extraMsPerPage >= 0 ? '+' : ''}${guardCost.extraMsPerPage} ms, ×${guardCost.ratio})`,
      '',
      true,
    ],
    ['tabs 1/2/4/8: pages/s', tabs.map((entry) => entry.pagesPerSecond).join(' / '), '', true],
    [
      `tab efficiency at ${twoPerCore.tabs} tabs (2 per core)`,
      String(twoPerCore.efficiency),
      '≥ 0.75',
      twoPerCore.efficiency >= 0.75,
    ],
    [
      'static vs Chrome, both 4 at once (pages/s)',
      `${staticFigures.pagesPerSecond} vs ${chromeFigures.pagesPerSecond} = ${results.staticPath.speedup}×`,
      '',
      true,
    ],
    [
      'static at 32 at once vs Chrome at 4 (pages/s)',
      `${staticWide.pagesPerSecond} vs ${chromeFigures.pagesPerSecond} = ${results.staticPath.speedupAt32}×`,
      '≥ 10×',
      results.staticPath.speedupAt32 >= 10,
    ],
    [
      'cold start: unpack + launch + first page',
      `${cold.unpackMs} + ${cold.launchMs} + ${cold.firstPageMs} ms`,
      '',
      true,
    ],
    [
      'demo pages: cold-start share of a 50-page batch',
      `${cold.share} (${results.coldStartRounds.join(', ')})`,
      '',
      true,
    ],
    [
      'second invocation: launches / unpack',
      `${cold.secondInvocationLaunches} / ${cold.secondUnpackMs} ms`,
      '0 / no unpack',
      cold.secondInvocationLaunches === 0,
    ],
    [
      'browser RSS after 10 → 200 pages',
      `${after10.rssMb} → ${after200.rssMb} MB (${results.stability.rssRatio})`,
      '≤ 1.2',
      results.stability.rssRatio <= 1.2,
    ],
    [
      '/tmp (browser profiles) after 10 → 200 pages',
      `${after10.tmpMb} → ${after200.tmpMb} MB (${results.stability.tmpRatio})`,
      '≤ 1.05',
      results.stability.tmpRatio <= 1.05,
    ],
    [
      'extraction + writes / page time (largest real page)',
      extraction
        ? `${extraction.extractMs} + ${extraction.writeMs} of ${extraction.renderMs} ms = ${extraction.share}`
        : 'skipped (no ../shared/realpages)',
      '≤ 0.05',
      extraction ? extraction.share <= 0.05 : true,
    ],
    ['DynamoDB requests per page', String(pipeline.dynamoRequestsPerPage), '≤ 1', pipeline.dynamoRequestsPerPage <= 1],
    ['fan-out: 10,000 jobs onto the stream', `${results.fanout.ms} ms (${results.fanout.jobsPerSecond}/s)`, '', true],
    ...viewRows(results.views),
  ] as Row[];
  console.log(
    `\nshelfwatch benchmark — ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGb} GB, Node ${process.version}; ${results.settings.pages} pages, ${results.settings.latencyMs} ms latency, ${results.settings.concurrency} at once\n`,
  );
  console.log(
    renderTable(
      rows.map(([metric, value, target, ok]) => ({ metric, value, target, ok })),
      [
        { header: 'measure', value: (row) => row.metric, max: 52 },
        { header: 'measured', value: (row) => row.value, max: 60 },
        { header: 'target', value: (row) => row.target },
        { header: '', value: (row) => (row.target ? (row.ok ? 'met' : 'MISSED') : '') },
      ],
    ),
  );
  console.log(`\nfigures written to ${out}`);
}

/** The heavy set: blocking, memory with 4 tabs, the cold start, where pages weigh what real ones do. */
function heavyRows(label: string, what: string, heavy: HeavyFigures | null): Row[] {
  if (!heavy) return [[`${label} pages`, 'skipped (no ../shared/realpages)', '', true]];
  const assets = Object.entries(heavy.assets)
    .map(([kind, count]) => `${count} ${kind}s`)
    .join(', ');
  return [
    [`${label} pages: ${what}`, `${heavy.pages} pages; ${assets}`, '', true],
    [
      `${label}: per page blocked vs unblocked (busy-browser)`,
      `${heavy.blocked.perPageMs} vs ${heavy.unblocked.perPageMs} ms`,
      '',
      true,
    ],
    [
      `${label}: blocked / unblocked (same tiles)`,
      `${heavy.ratio} (${heavy.ratios.join(', ')}; ${heavy.sameResults ? 'identical' : 'DIFFERENT'})`,
      '≤ 0.35',
      heavy.ratio <= 0.35 && heavy.sameResults,
    ],
    [
      `${label}: browser RSS at its peak, 4 tabs (of 2 GB)`,
      `${heavy.peakRssMb.blocked} MB blocked, ${heavy.peakRssMb.unblocked} MB unblocked`,
      '≤ 2,048 MB',
      Math.max(heavy.peakRssMb.blocked, heavy.peakRssMb.unblocked) <= 2048,
    ],
    [
      `${label}: browser RSS after 10 → 200 pages`,
      `${heavy.memory.after10Mb} → ${heavy.memory.after200Mb} MB (${heavy.memory.ratio}; ${heavy.memory.browsersLaunched} browsers)`,
      '≤ 1.2',
      heavy.memory.ratio <= 1.2,
    ],
    [
      `${label}: cold-start share of a 50-page batch`,
      `${heavy.coldStart.share} (${heavy.coldStartRounds.join(', ')})`,
      '≤ 0.10',
      heavy.coldStart.share <= 0.1,
    ],
  ];
}

/** chrome, static and auto on each mix: pages/s, function time per 1,000 pages, results against Chromium's. */
function adaptiveRows(mixes: MixFigures[]): Row[] {
  return mixes.flatMap(({ mix, modes, speedups, speedup, identicalEveryRound }) => {
    const label = `${mix.us}:${mix.uk}`;
    const bound = round(autoSpeedupBound(mix.us, mix.uk, CHECK_EVERY), 2);
    return [
      ...modes.map((mode): Row => [
        `mix ${label} (server-rendered : script-drawn), render ${mode.render}: pages/s · Lambda-s per 1,000`,
        `${mode.pagesPerSecond} · ${mode.lambdaSecondsPer1000} s · ${mode.plain} of ${mode.pages} plain · ${mode.identical} identical to chrome`,
        '',
        true,
      ]),
      [
        `mix ${label}: auto vs chrome, pages/s (median of rounds), identical results (at most ${bound}× on this mix)`,
        `${speedup}× (${speedups.join(', ')}) · ${identicalEveryRound ? 'identical in every round' : 'NOT IDENTICAL in a round'}`,
        '≥ 2×, identical',
        speedup >= 2 && identicalEveryRound,
      ],
    ];
  });
}

/** GET latency and storage reads of every view, per day size: the same targets at both sizes. */
function viewRows(sizes: DaySizeFigures[]): Row[] {
  return sizes.flatMap(({ observations, publishMs, views }) => [
    [
      `day of ${observations.toLocaleString('en-US')} observations: views built once`,
      `${publishMs} ms`,
      '',
      true,
    ] as Row,
    ...views.map((view): Row => [
      `  GET ${view.view}: p50 / p95 · reads · size`,
      `${view.p50Ms} / ${view.p95Ms} ms · ${view.readsPerView} · ${(view.bytes / 1024).toFixed(0)} KB`,
      'p95 ≤ 150 ms, ≤ 3 reads',
      view.p95Ms <= 150 && view.readsPerView <= 3,
    ]),
  ]);
}
