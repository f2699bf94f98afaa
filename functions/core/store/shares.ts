import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { isConditionFailed } from './conditions.ts';
import { SHARES_PARTITION } from './keys.ts';

/** What a share link shows: a day's summary or one market's page, of one day or always the latest. */
export type ShareScope =
  | { kind: 'summary'; date: string | 'latest' }
  | { kind: 'market'; date: string | 'latest'; site: string; market: string };

export interface Share {
  /** The stored name of the link: a hash of its secret, never the secret itself. */
  ref: string;
  scope: ShareScope;
  createdBy: string;
  createdAt: string;
  expires: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** DynamoDB's TTL removes a share this long after it stops working (the list shows expired links till then). */
const KEEP_EXPIRED_SECONDS = 30 * 86_400;

export async function putShare(tableName: string, share: Share): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: SHARES_PARTITION,
        sk: share.ref,
        type: 'share',
        ...share,
        expiresAt: Math.floor(Date.parse(share.expires) / 1000) + KEEP_EXPIRED_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getShare(tableName: string, ref: string): Promise<Share | null> {
  const found = await dynamo().send(new GetCommand({ TableName: tableName, Key: { pk: SHARES_PARTITION, sk: ref } }));
  return (found.Item as Share | undefined) ?? null;
}

/** Every share link, newest first (the ones DynamoDB's TTL has not removed yet). */
export async function listShares(tableName: string): Promise<Share[]> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SHARES_PARTITION },
    }),
  );
  return ((page.Items ?? []) as Share[]).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Revokes a link by its stored name; false when there is none. */
export async function revokeShare(tableName: string, ref: string, by: string, now = new Date()): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: SHARES_PARTITION, sk: ref },
        UpdateExpression: 'SET revokedAt = :now, revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':by': by },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
