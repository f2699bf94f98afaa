import { observationHistoryKey, observationKey } from '../keys.ts';
import type { Observation } from '../model.ts';

/**
 * DynamoDB refuses an item over 400 KB (attribute names, keys and index keys included): an
 * observation is kept well under it. Real pages give 5 to 40 KB; only a page with giant tiles gets here.
 */
export const ITEM_BUDGET_BYTES = 350_000;

export interface StoreOptions {
  /** Days after its scan day DynamoDB's TTL removes an observation (HISTORY_RETENTION_DAYS); 0 or none keeps it. */
  retentionDays?: number | undefined;
}

/**
 * An observation as stored: keyed by day, site × market and job, and by target for its history;
 * fitted under the item limit; with the time its retention ends, counted from its scan day (so a
 * replay of an old day does not keep it longer).
 */
export function observationItem(observation: Observation, options: StoreOptions = {}): Record<string, unknown> {
  const days = options.retentionDays ?? 0;
  return {
    ...observationKey(observation.date, observation),
    ...observationHistoryKey(observation.date, observation),
    type: 'observation',
    ...fitted(observation),
    ...(days > 0 ? { expiresAt: Math.floor(Date.parse(`${observation.date}T00:00:00Z`) / 1000) + days * 86_400 } : {}),
  };
}

/** Drops stored tiles (the summary keeps every figure) until the item fits, and says so in the message. */
function fitted(observation: Observation): Observation {
  if (sizeOf(observation) <= ITEM_BUDGET_BYTES) return observation;
  let tiles = observation.tiles ?? [];
  let slots = observation.slots ?? [];
  let candidate = observation;
  while (sizeOf(candidate) > ITEM_BUDGET_BYTES && (tiles.length > 0 || slots.some((slot) => slot.items.length > 0))) {
    tiles = tiles.slice(0, Math.floor(tiles.length / 2));
    slots = slots.map((slot) => ({ ...slot, items: slot.items.slice(0, Math.floor(slot.items.length / 2)) }));
    candidate = { ...observation, ...(observation.tiles ? { tiles } : {}), ...(observation.slots ? { slots } : {}) };
  }
  const note = `only ${tiles.length} of ${observation.tiles?.length ?? 0} tiles stored: the observation would pass DynamoDB's item size limit`;
  return { ...candidate, message: [observation.message, note].filter(Boolean).join('; ') };
}

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
