import type { Plan } from './model.ts';

/** The targets this project states for its plan (README "What it costs"). */
export const TARGETS = {
  /** A day of 10,000 pages finishes within this, with the template's defaults. */
  tenThousandPagesWallMinutes: 15,
  /** Usage per 1,000 pages at 100,000 pages a day. */
  perThousandPagesAtHundredThousand: 0.1,
};

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const minutes = (seconds: number) => (seconds < 120 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`);
const dollars = (value: number) => `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;

/** The plan as `shelfwatch plan` prints it: the shape of the run, its wall time, the record ages, the cost. */
export function formatPlan(plan: Plan): string {
  const { input } = plan;
  const stream =
    input.streamMode === 'ON_DEMAND'
      ? `on demand: ${plan.shards} shards to start with`
      : `provisioned: ${plan.shards} shard${plan.shards === 1 ? '' : 's'}`;
  const perMarket = plan.lanes / (input.sites * input.markets);
  const lanesNote = ` (${perMarket} per market, ${plan.laneWidth === 1 ? 'one page at a time each' : `${plan.laneWidth} pages at a time each`}: its rate ${input.rateConcurrency})`;
  const rows = plan.costs.map((line) => [line.item, line.quantity, dollars(line.perDay)]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map(
    (row) => `    ${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padStart(widths[2]!)}`,
  );
  const targets = targetLines(plan);
  return [
    `shelfwatch plan: ${n(input.pages)} pages a day, ${input.sites} site${input.sites === 1 ? '' : 's'} × ${input.markets} market${input.markets === 1 ? '' : 's'}`,
    '',
    `  stream       ${stream} × ParallelizationFactor ${input.parallelizationFactor} = ${plan.slots} slots`,
    `  lanes        ${n(plan.lanes)} lanes${lanesNote} on ${plan.slotsUsed} of the ${plan.slots} slots`,
    `  per page     ${input.tabSecondsPerPage.toFixed(3)} s of a browser tab, ${input.tabsPerFunction} tabs per function: ${(input.tabSecondsPerPage / input.tabsPerFunction).toFixed(3)} s of a ${n(input.memoryMb)} MB function`,
    `  fan-out      ${minutes(plan.fanoutSeconds)} (a marker and a record per page)`,
    `  busiest slot ${n(plan.busiestSlotPages)} pages: ${minutes(plan.busiestSlotSeconds)}, 9 placements of the lanes in 10 no worse (median ${minutes(plan.medianBusiestSlotSeconds)}; the mean slot: ${n(plan.meanSlotPages)} pages, ${minutes(plan.meanSlotSeconds)})`,
    `  wall time    ${minutes(plan.wallSeconds)} from the schedule to the last page (fan-out + a cold start + the busiest slot)`,
    `  record age   the last record waits ${minutes(plan.oldestRecordSeconds)}; limit ${input.maximumRecordAgeSeconds < 0 ? `none but the stream's ${input.streamRetentionHours} h` : minutes(plan.recordAgeLimitSeconds)}: ${n(plan.recordsPastAge)} records past their age`,
    `  deadline     RunDeadlineMinutes ${input.runDeadlineMinutes}: ${plan.deadlineMet ? 'the run finishes before it' : 'the run is alerted as incomplete before it finishes'}`,
    '',
    '  cost per day (us-east-1 list prices)',
    ...table,
    `    ${'total'.padEnd(widths[0]!)}  ${''.padStart(widths[1]!)}  ${dollars(plan.perDay).padStart(widths[2]!)}`,
    `  per 1,000 pages: ${dollars(plan.perThousandPages)}`,
    '',
    '  targets',
    ...targets.map((line) => `    ${line}`),
  ].join('\n');
}

function targetLines(plan: Plan): string[] {
  const mark = (met: boolean) => (met ? 'met' : 'missed');
  const wall = TARGETS.tenThousandPagesWallMinutes;
  const cost = TARGETS.perThousandPagesAtHundredThousand;
  return [
    plan.input.pages <= 10_000
      ? `≤ ${wall} min wall for up to 10,000 pages: ${minutes(plan.wallSeconds)}, ${mark(plan.wallSeconds <= wall * 60)}`
      : `≤ ${wall} min wall for up to 10,000 pages: not this plan (${n(plan.input.pages)} pages)`,
    `0 records past their age: ${n(plan.recordsPastAge)}, ${mark(plan.recordsPastAge === 0)}`,
    plan.input.pages >= 100_000
      ? `≤ $${cost.toFixed(2)} per 1,000 pages at 100,000 a day: ${dollars(plan.perThousandPages)}, ${mark(plan.perThousandPages <= cost)}`
      : `≤ $${cost.toFixed(2)} per 1,000 pages at 100,000 a day: not this plan (${dollars(plan.perThousandPages)} at ${n(plan.input.pages)})`,
  ];
}

/** Whether every target this plan is the case of is met (the exit code). */
export function targetsMet(plan: Plan): boolean {
  return (
    plan.recordsPastAge === 0 &&
    (plan.input.pages > 10_000 || plan.wallSeconds <= TARGETS.tenThousandPagesWallMinutes * 60) &&
    (plan.input.pages < 100_000 || plan.perThousandPages <= TARGETS.perThousandPagesAtHundredThousand)
  );
}
