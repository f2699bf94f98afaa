import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { paceKey } from './keys.ts';
import { isConditionFailed } from './conditions.ts';

/** A pace item outlives its last use by this long, then DynamoDB's TTL removes it. */
const KEEP_SECONDS = 24 * 3600;
const MAX_RACES = 20;

/**
 * Reserves the next moment a site × market may be loaded, for the whole fleet: one item holds
 * `nextAt` (ms since the epoch); each reservation moves it on by `intervalMs` in one conditional
 * update, so two functions never get the same moment. A site that is busy hands out
 * `nextAt, nextAt + interval, …`; one that has been idle hands out now. Returns the reserved
 * moment: the caller waits until then. No read first: usually one request.
 */
export async function reserveSlot(
  tableName: string,
  site: { site: string; market: string },
  intervalMs: number,
  now: () => number = Date.now,
): Promise<number> {
  for (let race = 0; race < MAX_RACES; race++) {
    const at = now();
    const expiresAt = Math.floor(at / 1000) + KEEP_SECONDS;
    try {
      // Busy: queue behind the last reservation.
      const queued = await dynamo().send(
        new UpdateCommand({
          TableName: tableName,
          Key: paceKey(site.site, site.market),
          UpdateExpression: 'SET nextAt = nextAt + :interval, expiresAt = :expires',
          ConditionExpression: 'nextAt > :now',
          ExpressionAttributeValues: { ':interval': intervalMs, ':now': at, ':expires': expiresAt },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return Number(queued.Attributes?.nextAt);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    try {
      // Idle (or never used): now, and the next one an interval later.
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName,
          Key: paceKey(site.site, site.market),
          UpdateExpression: 'SET nextAt = :next, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(nextAt) OR nextAt <= :now',
          ExpressionAttributeValues: { ':next': at + intervalMs, ':now': at, ':expires': expiresAt },
        }),
      );
      return at;
    } catch (error) {
      // Another function reserved in between: queue behind it.
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new Error(`could not reserve a moment to load ${site.site}/${site.market} after ${MAX_RACES} tries`);
}
