import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { runPartition } from '../keys.ts';
import { queryAll } from '../query-all.ts';

/**
 * How far the publication of a run's day has got, market by market, on the run's partition
 * (`PUB#<site>#<market>`): each sweep carries on where the last stopped, so no sweep has to do the
 * whole day in one function's time and memory, and a market that keeps failing is given up on
 * after a few tries instead of stopping the others.
 */
export interface MarketPublication<Summary = unknown, Alert = unknown> {
  site: string;
  market: string;
  /** Sweeps that started on it (one more before each try). */
  attempts: number;
  /** Set once it is published: its summary, the run's alerts for it, its card's size, what fixes were found. */
  summary?: Summary | null;
  previousDateScanned?: boolean;
  alerts?: Alert[];
  cardBytes?: number;
  fixes?: string[];
  /** Why it was given up on. */
  error?: string;
}

const sortKey = (site: string, market: string) => `PUB#${site}#${market}`;

export async function marketPublications<S, A>(
  tableName: string,
  runId: string,
): Promise<Map<string, MarketPublication<S, A>>> {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pub)',
    ExpressionAttributeValues: { ':pk': runPartition(runId), ':pub': 'PUB#' },
  });
  return new Map(
    items.map((item) => {
      const { pk: _pk, sk: _sk, type: _type, ...publication } = item;
      return [`${item.site}#${item.market}`, publication as unknown as MarketPublication<S, A>];
    }),
  );
}

/** One more try at a market: returns how many there have been. */
export async function startMarketPublication(
  tableName: string,
  runId: string,
  site: string,
  market: string,
): Promise<number> {
  const answer = await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: runPartition(runId), sk: sortKey(site, market) },
      UpdateExpression: 'SET #t = :t, site = :s, market = :m ADD attempts :one',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'publication', ':s': site, ':m': market, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(answer.Attributes?.attempts ?? 1);
}

/** A market done (or given up on, with why). */
export async function finishMarketPublication(
  tableName: string,
  runId: string,
  publication: Omit<MarketPublication, 'attempts'>,
): Promise<void> {
  const { site, market, ...rest } = publication;
  const names = Object.keys(rest);
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: runPartition(runId), sk: sortKey(site, market) },
      UpdateExpression: `SET ${names.map((name, index) => `#n${index} = :v${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(
        names.map((name, index) => [`:v${index}`, (rest as Record<string, unknown>)[name] ?? null]),
      ),
    }),
  );
}
