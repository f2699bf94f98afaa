import { createHash } from 'node:crypto';
import { lanesOf } from '../../functions/core/jobs/lanes.ts';
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
  slotsUsed: number;
  busiestSlotPages: number;
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

/**
 * What a day of `pages` pages costs and how long it takes on the stack as configured. Pure.
 *
 * Concurrency is shards × ParallelizationFactor slots; a lane (partition key: a site × market, or
 * one of its lanes when its rate allows more than a function's tabs) is read in order in one slot,
 * and a slot reads one batch at a time with a function's tabs. Lanes are placed on slots as the
 * stream places them: a shard by the MD5 of the partition key over even hash ranges; the slot
 * within the shard is modelled as that hash modulo the factor (Lambda does not document its own).
 * So the busiest slot, not the mean, decides the wall time.
 */
export function planDay(input: PlanInput): Plan {
  const shards = input.streamMode === 'ON_DEMAND' ? MEASURED.onDemandShards : input.shardCount;
  const slots = shards * input.parallelizationFactor;
  const { lanes: lanesPerMarket, tabsPerLane } = lanesOf(input.rateConcurrency, input.tabsPerFunction);
  const keys = input.sites * input.markets;
  const laneKeys = Array.from({ length: keys }, (_u, key) => {
    const market = `site${Math.floor(key / input.markets) + 1}#market${(key % input.markets) + 1}`;
    return Array.from({ length: lanesPerMarket }, (_v, lane) => (lanesPerMarket > 1 ? `${market}#${lane}` : market));
  }).flat();
  // Pages spread evenly over the lanes (a market's keywords and pages are what the team configured).
  const pagesOfLane = (index: number) =>
    Math.floor(input.pages / laneKeys.length) + (index < input.pages % laneKeys.length ? 1 : 0);
  const slotPages = new Map<number, { pages: number; busiestLane: number }>();
  laneKeys.forEach((key, index) => {
    const slot = slotOf(key, shards, input.parallelizationFactor);
    const entry = slotPages.get(slot) ?? { pages: 0, busiestLane: 0 };
    entry.pages += pagesOfLane(index);
    entry.busiestLane = Math.max(entry.busiestLane, pagesOfLane(index));
    slotPages.set(slot, entry);
  });
  const perPage = input.tabSecondsPerPage;
  // A slot reads with a function's tabs; one lane alone in it with its own (fewer) tabs at most.
  const slotSeconds = (entry: { pages: number; busiestLane: number }) =>
    Math.max((entry.pages * perPage) / input.tabsPerFunction, (entry.busiestLane * perPage) / tabsPerLane);
  const used = [...slotPages.values()];
  const busiest = used.reduce((a, b) => (slotSeconds(b) > slotSeconds(a) ? b : a), { pages: 0, busiestLane: 0 });
  const busiestSlotSeconds = slotSeconds(busiest);
  const meanSlotPages = input.pages / Math.max(1, used.length);
  const fanoutSeconds = input.pages / MEASURED.tableWritesPerSecond + input.pages / MEASURED.streamRecordsPerSecond;
  const wallSeconds = fanoutSeconds + MEASURED.coldStartSeconds + busiestSlotSeconds;
  const recordAgeLimitSeconds =
    input.maximumRecordAgeSeconds < 0 ? input.streamRetentionHours * 3_600 : input.maximumRecordAgeSeconds;
  const oldestRecordSeconds = wallSeconds;
  // Pages a slot would only reach after the limit: thrown away (or expired) unread.
  const recordsPastAge = used.reduce((sum, entry) => {
    const late = slotSeconds(entry) + fanoutSeconds + MEASURED.coldStartSeconds - recordAgeLimitSeconds;
    return sum + (late > 0 ? Math.min(entry.pages, Math.ceil((late / slotSeconds(entry)) * entry.pages)) : 0);
  }, 0);
  const costs = costLines(input, used.length, fanoutSeconds);
  const perDay = costs.reduce((sum, line) => sum + line.perDay, 0);
  return {
    input,
    shards,
    slots,
    lanes: laneKeys.length,
    slotsUsed: used.length,
    busiestSlotPages: busiest.pages,
    meanSlotPages,
    fanoutSeconds,
    busiestSlotSeconds,
    meanSlotSeconds: (meanSlotPages * perPage) / input.tabsPerFunction,
    wallSeconds,
    oldestRecordSeconds,
    recordAgeLimitSeconds,
    recordsPastAge,
    deadlineMet: wallSeconds <= input.runDeadlineMinutes * 60,
    costs,
    perDay,
    perThousandPages: (perDay / input.pages) * 1_000,
  };
}

function costLines(input: PlanInput, slotsUsed: number, fanoutSeconds: number): CostLine[] {
  const { pages } = input;
  const gb = input.memoryMb / 1024;
  const scrapeGbSeconds =
    ((pages * input.tabSecondsPerPage) / input.tabsPerFunction + slotsUsed * MEASURED.coldStartSeconds) * gb;
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

/** The slot a partition key is read in (see planDay). */
export function slotOf(partitionKey: string, shards: number, parallelizationFactor: number): number {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  const shard = Number((hash * BigInt(shards)) >> 128n);
  return shard * parallelizationFactor + Number(hash % BigInt(parallelizationFactor));
}
