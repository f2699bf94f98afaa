import { createHash, randomBytes } from 'node:crypto';
import { getShare, putShare, type Share, type ShareScope } from '../store/shares.ts';

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
  const share: Share = {
    ref: refOf(secret),
    scope: input.scope,
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    expires: new Date(now.getTime() + input.days * 86_400_000).toISOString(),
  };
  await putShare(tableName, share);
  return { secret, share };
}

export type ShareLookup =
  { ok: true; share: Share } | { ok: false; reason: 'unknown' | 'expired' | 'revoked'; share?: Share };

/** The share a link's secret names, if it still works. */
export async function resolveShare(tableName: string, secret: string, now = new Date()): Promise<ShareLookup> {
  if (!/^[\w-]{32}$/.test(secret)) return { ok: false, reason: 'unknown' };
  const share = await getShare(tableName, refOf(secret));
  if (!share) return { ok: false, reason: 'unknown' };
  if (share.revokedAt) return { ok: false, reason: 'revoked', share };
  if (Date.parse(share.expires) <= now.getTime()) return { ok: false, reason: 'expired', share };
  return { ok: true, share };
}
