import { targetKey } from '../../jobs/expand.ts';
import { dayMarkets } from '../days/day-markets.ts';
import {
  HISTORY_INDEX,
  HISTORY_INDEX_ATTRIBUTES,
  legacyDayPartition,
  marketDayPartition,
  targetPartition,
} from '../keys.ts';
import type { Observation } from '../model.ts';
import { queryAll } from '../query-all.ts';

/** What a scorecard reads of an observation: everything but the tiles and slots, which are most of its bytes. */
const SCORECARD_ATTRIBUTES = [
  'site',
  'market',
  'page',
  'kind',
  'keyword',
  'date',
  'runId',
  'status',
  'message',
  'pageUrl',
  'summary',
  'evidence',
  'observedAt',
  'missingSlots',
  'suggestedFix',
  'renderedBy',
  'renderCheck',
  'secondRead',
  'rankReads',
];

/** What a history point is read with: a part of what the index carries (HISTORY_INDEX_ATTRIBUTES). */
const HISTORY_ATTRIBUTES = ['date', 'status', 'summary', 'runId'] satisfies Array<
  (typeof HISTORY_INDEX_ATTRIBUTES)[number]
>;

const projection = (names: string[]) => ({
  ProjectionExpression: names.map((_name, index) => `#a${index}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
});

export interface DayFilter {
  site?: string | undefined;
  market?: string | undefined;
  /** Leave out tiles and slots. */
  summaryOnly?: boolean;
}

/**
 * The observations of one day, of every site × market or of the one asked for: one query per
 * site × market partition the day index names, and one of the partition days used before they
 * were split by market (empty for days written since).
 */
export async function queryDay(tableName: string, date: string, filter: DayFilter = {}): Promise<Observation[]> {
  const markets = (await dayMarkets(tableName, date)).filter(
    ([site, market]) => (!filter.site || site === filter.site) && (!filter.market || market === filter.market),
  );
  const partitions = [
    ...markets.map(([site, market]) => marketDayPartition(date, site, market)),
    legacyDayPartition(date),
  ];
  const pages = await Promise.all(
    partitions.map((pk) =>
      queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :obs)',
        ExpressionAttributeValues: { ':pk': pk, ':obs': 'OBS#' },
        ...(filter.summaryOnly ? projection(SCORECARD_ATTRIBUTES) : {}),
      }),
    ),
  );
  // A page of an old day replayed since is in both partitions: the market partition's is the newer.
  const byTarget = new Map<string, Observation>();
  for (const observation of pages.flat().map(stripKeys)) {
    if (filter.site && observation.site !== filter.site) continue;
    if (filter.market && observation.market !== filter.market) continue;
    const key = targetKey(observation);
    if (!byTarget.has(key)) byTarget.set(key, observation);
  }
  return [...byTarget.values()];
}

/** One point of a target's history: enough for trends and for since when it is broken. */
export type HistoryPoint = Pick<Observation, 'date' | 'status' | 'summary' | 'runId'>;

/** One target's history between two days (inclusive): the day, the status and the figures of each. */
export async function queryHistory(tableName: string, key: string, from: string, to: string): Promise<HistoryPoint[]> {
  const items = await queryAll({
    TableName: tableName,
    IndexName: HISTORY_INDEX,
    KeyConditionExpression: 'gsi1pk = :target AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':target': targetPartition(key), ':from': from, ':to': to },
    ...projection(HISTORY_ATTRIBUTES),
  });
  return items as HistoryPoint[];
}

function stripKeys(item: Record<string, unknown>): Observation {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, expiresAt: _expires, ...observation } = item;
  return observation as unknown as Observation;
}
