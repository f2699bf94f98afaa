import { dayPartition, GSI1, targetPartition } from '../keys.ts';
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
];

const SUMMARY_PROJECTION = {
  ProjectionExpression: SCORECARD_ATTRIBUTES.map((_name, index) => `#a${index}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(SCORECARD_ATTRIBUTES.map((name, index) => [`#a${index}`, name])),
};

/** Every observation of one day; `summaryOnly` leaves out tiles and slots. */
export async function queryDay(
  tableName: string,
  date: string,
  options: { summaryOnly?: boolean } = {},
): Promise<Observation[]> {
  const projection = options.summaryOnly ? SUMMARY_PROJECTION : {};
  return (
    await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :obs)',
      ExpressionAttributeValues: { ':pk': dayPartition(date), ':obs': 'OBS#' },
      ...projection,
    })
  ).map(stripKeys);
}

/** One target's observations between two days (inclusive), oldest first: its trend. */
export async function queryHistory(tableName: string, key: string, from: string, to: string): Promise<Observation[]> {
  const items = await queryAll({
    TableName: tableName,
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :target AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':target': targetPartition(key), ':from': from, ':to': to },
    ...SUMMARY_PROJECTION,
  });
  return items.map(stripKeys);
}

function stripKeys(item: Record<string, unknown>): Observation {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...observation } = item;
  return observation as unknown as Observation;
}
