import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomBytes } from 'node:crypto';
import { dynamo } from '../aws/dynamo.ts';
import { SHARES_PARTITION } from '../store/keys.ts';

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

export const MAX_SHARE_DAYS = 90;

const refOf = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 32);

/**
 * A share link is an unguessable secret (24 random bytes) in its URL; the table keeps only its hash,
 * with what it shows, who made it, until when it works and whether it was revoked. A leaked table
 * read reveals no link; a link works until it expires or an administrator revokes it.
 */
export async function createShare(
  tableName: string,
  input: { scope: ShareScope; days: number; createdBy: string; now?: Date },
): Promise<{ secret: string; share: Share }> {
  const now = input.now ?? new Date();
  const secret = randomBytes(24).toString('base64url');
  const expires = new Date(now.getTime() + input.days * 86_400_000);
  const share: Share = {
    ref: refOf(secret),
    scope: input.scope,
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    expires: expires.toISOString(),
  };
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: SHARES_PARTITION,
        sk: share.ref,
        type: 'share',
        ...share,
        // DynamoDB's TTL removes it a while after it stops working (the list shows expired links till then).
        expiresAt: Math.floor(expires.getTime() / 1000) + 30 * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { secret, share };
}

export type ShareLookup =
  { ok: true; share: Share } | { ok: false; reason: 'unknown' | 'expired' | 'revoked'; share?: Share };

/** The share a link's secret names, if it still works. */
export async function resolveShare(tableName: string, secret: string, now = new Date()): Promise<ShareLookup> {
  if (!/^[\w-]{32}$/.test(secret)) return { ok: false, reason: 'unknown' };
  const found = await dynamo().send(
    new GetCommand({ TableName: tableName, Key: { pk: SHARES_PARTITION, sk: refOf(secret) } }),
  );
  const share = found.Item as Share | undefined;
  if (!share) return { ok: false, reason: 'unknown' };
  if (share.revokedAt) return { ok: false, reason: 'revoked', share };
  if (Date.parse(share.expires) <= now.getTime()) return { ok: false, reason: 'expired', share };
  return { ok: true, share };
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
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
