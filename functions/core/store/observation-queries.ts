import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { dayPartition, GSI1, targetPartition } from './keys.ts';
import type { Observation } from './model.ts';

/** Every observation of one day. */
export async function queryDay(tableName: string, date: string): Promise<Observation[]> {
  return queryAll(tableName, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :obs)', ExpressionAttributeValues: { ':pk': dayPartition(date), ':obs': 'OBS#' } });
}

/** One target's observations between two days (inclusive), oldest first: its trend. */
export async function queryHistory(tableName: string, key: string, from: string, to: string): Promise<Observation[]> {
  return queryAll(tableName, {
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :target AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':target': targetPartition(key), ':from': from, ':to': to },
  });
}

async function queryAll(tableName: string, query: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Observation[]> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ TableName: tableName, ...query, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.map(stripKeys);
}

function stripKeys(item: Record<string, unknown>): Observation {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...observation } = item;
  return observation as unknown as Observation;
}
