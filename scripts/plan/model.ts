import { laneSplit } from '../../functions/core/jobs/lanes.ts';
import { DAYS_PER_MONTH, MEASURED, PRICES } from './figures.ts';

/** The stack as deployed (template parameters and the Jobs mapping) and the day's work. */
export interface PlanInput {
  pages: number;
  sites: number;
  markets: number;
  /** ScrapeConcurrency: tabs each scrape function reads at once. */
  tabsPerFunction: number;
  /** Each market's `rate.concurrency` in its selector file. */
  rateConcurrency: number;
  memoryMb: number;
  streamMode: 'ON_DEMAND' | 'PROVISIONED';
  shardCount: number;
  parallelizationFactor: number;
  batchSize: number;
  /** -1: no limit but the stream's retention. */
  maximumRecordAgeSeconds: number;
  streamRetentionHours: number;
  runDeadlineMinutes: number;
  historyRetentionDays: number;
  evidenceRetentionDays: number;
  /** A page's time in a busy tab; the measured figure unless a team knows its retailers' (2 to 5 × slower). */
  tabSecondsPerPage: number;
}

export interface CostLine {
  item: string;
  /** How it is counted, e.g. "30,400 GB-s". */
  quantity: string;
  perDay: number;
}

export interface Plan {
  input: PlanInput;
  shards: number;
  slots: number;
  lanes: number;
  /** Pages of a lane read at once (jobs/lanes.ts): wide when the markets are few for the slots. */
  laneWidth: number;
  slotsUsed: number;
  busiestSlotPages: number;
  /** The busiest slot of the median placement, for comparison. */
  medianBusiestSlotSeconds: number;
  meanSlotPages: number;
  /** Markers written and records put by the fan-out. */
  fanoutSeconds: number;
  busiestSlotSeconds: number;
  meanSlotSeconds: number;
  /** From the schedule to the last page: fan-out, a cold start, the busiest slot. */
  wallSeconds: number;
  /** How long the last record waits on the stream, and how long it may. */
  oldestRecordSeconds: number;
  recordAgeLimitSeconds: number;
  recordsPastAge: number;
  deadlineMet: boolean;
  costs: CostLine[];
  perDay: number;
  perThousandPages: number;
}

const GB_PER_KB = 1 / (1024 * 1024);
const SWEEPS_PER_DAY = 144;

/** Placements of the lanes on the slots the plan draws; the busiest slot is taken 9 times in 10 no worse. */
const PLACEMENTS = 200;

/**
 * What a day of `pages` pages costs and how long it takes on the stack as configured. Pure.
 *
 * Concurrency is shards × ParallelizationFactor slots. A lane (a partition key: a market's
 * `rate.concurrency` is split into lanes × width, jobs/lanes.ts) is read in order in one slot, at
 * most `width` pages at once, and a slot
 * reads one batch at a time with a function's tabs, filled from the lanes it holds. Where a lane
 * lands is a hash of its key, so the plan draws the placement many times and takes the busiest
 * slot that 9 placements in 10 do no worse than: the busiest slot, not the mean, is the wall time.
 */
export function planDay(input: PlanInput): Plan {
  const shards = input.streamMode === 'ON_DEMAND' ? MEASURED.onDemandShards : input.shardCount;
  const slots = shards * input.parallelizationFactor;
  const markets = input.sites * input.markets;
  // Split as the fan-out splits them: wide lanes when the markets are few for the slots.
  const split = laneSplit(
    input.rateConcurrency,
    { slots, tabs: input.tabsPerFunction },
    markets * input.rateConcurrency,
  );
  const lanes = markets * split.lanes;
  // Pages spread evenly over the lanes (a market's keywords and pages are what the team configured).
  const pagesOfLane = (index: number) => Math.floor(input.pages / lanes) + (index < input.pages % lanes ? 1 : 0);
  const perPage = input.tabSecondsPerPage;
  // A slot's function reads with its tabs, at most one page of each lane it holds at once.
  const slotSeconds = (slot: Slot) =>
    (slot.pages * perPage) / Math.min(input.tabsPerFunction, slot.lanes * split.width);
  const random = seeded(lanes * 7_919 + slots);
  const draws = Array.from({ length: PLACEMENTS }, () => {
    const placed = new Map<number, Slot>();
    for (let lane = 0; lane < lanes; lane++) {
      const slot = Math.floor(random() * slots);
      const entry = placed.get(slot) ?? { pages: 0, lanes: 0 };
      entry.pages += pagesOfLane(lane);
      entry.lanes += 1;
      placed.set(slot, entry);
    }
    const used = [...placed.values()];
    const busiest = used.reduce((a, b) => (slotSeconds(b) > slotSeconds(a) ? b : a));
    return { used, busiest, seconds: slotSeconds(busiest) };
  }).sort((a, b) => a.seconds - b.seconds);
  const draw = draws[Math.floor(PLACEMENTS * 0.9)]!;
  const fanoutSeconds = input.pages / MEASURED.tableWritesPerSecond + input.pages / MEASURED.streamRecordsPerSecond;
  const startSeconds = fanoutSeconds + MEASURED.coldStartSeconds;
  const wallSeconds = startSeconds + draw.seconds;
  const recordAgeLimitSeconds =
    input.maximumRecordAgeSeconds < 0 ? input.streamRetentionHours * 3_600 : input.maximumRecordAgeSeconds;
  // Pages a slot would only reach after the limit: dropped unread.
  const recordsPastAge = draw.used.reduce((sum, slot) => {
    const late = startSeconds + slotSeconds(slot) - recordAgeLimitSeconds;
    return sum + (late > 0 ? Math.min(slot.pages, Math.ceil((late / slotSeconds(slot)) * slot.pages)) : 0);
  }, 0);
  const scrapeSeconds = draw.used.reduce((sum, slot) => sum + slotSeconds(slot), 0);
  const costs = costLines(input, { scrapeSeconds, slotsUsed: draw.used.length, fanoutSeconds });
  const perDay = costs.reduce((sum, line) => sum + line.perDay, 0);
  const meanSlotPages = input.pages / draw.used.length;
  return {
    input,
    shards,
    slots,
    lanes,
    laneWidth: split.width,
    slotsUsed: draw.used.length,
    busiestSlotPages: draw.busiest.pages,
    medianBusiestSlotSeconds: draws[Math.floor(PLACEMENTS / 2)]!.seconds,
    meanSlotPages,
    fanoutSeconds,
    busiestSlotSeconds: draw.seconds,
    meanSlotSeconds: scrapeSeconds / draw.used.length,
    wallSeconds,
    oldestRecordSeconds: wallSeconds,
    recordAgeLimitSeconds,
    recordsPastAge,
    deadlineMet: wallSeconds <= input.runDeadlineMinutes * 60,
    costs,
    perDay,
    perThousandPages: (perDay / input.pages) * 1_000,
  };
}

interface Slot {
  pages: number;
  lanes: number;
}

/** A small seeded generator (mulberry32): the same plan for the same input, every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function costLines(
  input: PlanInput,
  run: { scrapeSeconds: number; slotsUsed: number; fanoutSeconds: number },
): CostLine[] {
  const { pages } = input;
  const { slotsUsed, fanoutSeconds } = run;
  const gb = input.memoryMb / 1024;
  // A slot's function is billed while it reads (idle tabs included), plus a cold start per slot.
  const scrapeGbSeconds = (run.scrapeSeconds + slotsUsed * MEASURED.coldStartSeconds) * gb;
  // The fan-out (512 MB) for its run, the alerts sweep every 10 minutes (about a second each).
  const otherGbSeconds = fanoutSeconds * 0.5 + SWEEPS_PER_DAY * 1 * 0.5;
  const invocations = Math.ceil(pages / input.batchSize) + 1 + SWEEPS_PER_DAY;
  const writeUnits =
    pages * (Math.ceil(MEASURED.observationKb) + Math.ceil(MEASURED.historyIndexKb) + 2 * Math.ceil(MEASURED.markerKb));
  // What the table holds once history has reached its retention (a year if kept forever), and 90 days of markers.
  const keptDays = input.historyRetentionDays > 0 ? input.historyRetentionDays : 365;
  const tableGb =
    pages * GB_PER_KB * ((MEASURED.observationKb + MEASURED.historyIndexKb) * keptDays + MEASURED.markerKb * 90);
  const evidenceGb = pages * GB_PER_KB * MEASURED.evidenceKb * input.evidenceRetentionDays;
  const streamGb = pages * GB_PER_KB * Math.max(1, MEASURED.recordKb); // on demand bills each record as at least 1 KB
  const fmt = (value: number, unit: string) => `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  const lines: CostLine[] = [
    { item: 'Lambda: scrape', quantity: fmt(scrapeGbSeconds, 'GB-s'), perDay: scrapeGbSeconds * PRICES.lambdaGbSecond },
    {
      item: 'Lambda: fan-out, alerts sweeps',
      quantity: fmt(otherGbSeconds, 'GB-s'),
      perDay: otherGbSeconds * PRICES.lambdaGbSecond,
    },
    { item: 'Lambda: requests', quantity: fmt(invocations, 'invocations'), perDay: invocations * PRICES.lambdaRequest },
    { item: 'DynamoDB: writes', quantity: fmt(writeUnits, 'write units'), perDay: writeUnits * PRICES.dynamoWriteUnit },
    {
      item: `DynamoDB: storage + PITR (${input.historyRetentionDays > 0 ? `${keptDays} days kept` : 'kept forever: after a year'})`,
      quantity: fmt(tableGb, 'GB'),
      perDay: (tableGb * (PRICES.dynamoGbMonth + PRICES.dynamoPitrGbMonth)) / DAYS_PER_MONTH,
    },
    {
      item: 'S3: evidence PUTs (HTML, screenshot)',
      quantity: fmt(pages * 2, 'PUTs'),
      perDay: pages * 2 * PRICES.s3Put,
    },
    {
      item: `S3: evidence storage (${input.evidenceRetentionDays} days kept)`,
      quantity: fmt(evidenceGb, 'GB'),
      perDay: (evidenceGb * PRICES.s3GbMonth) / DAYS_PER_MONTH,
    },
  ];
  if (input.streamMode === 'ON_DEMAND') {
    lines.push(
      { item: 'Kinesis: on-demand stream', quantity: '24 stream-hours', perDay: 24 * PRICES.kinesisOnDemandStreamHour },
      {
        item: 'Kinesis: data in and out',
        quantity: `${streamGb.toFixed(2)} GB`,
        perDay: streamGb * (PRICES.kinesisOnDemandGbIn + PRICES.kinesisOnDemandGbOut),
      },
    );
  } else {
    lines.push(
      {
        item: `Kinesis: ${input.shardCount} provisioned shard${input.shardCount === 1 ? '' : 's'}`,
        quantity: `${24 * input.shardCount} shard-hours`,
        perDay: 24 * input.shardCount * PRICES.kinesisShardHour,
      },
      { item: 'Kinesis: PUT payload units', quantity: fmt(pages, 'units'), perDay: pages * PRICES.kinesisPutUnit },
    );
  }
  return lines;
}
