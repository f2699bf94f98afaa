import type { JobRecord } from '../jobs/record.ts';
import { addDayMarkets, marketsByDay } from '../store/days/add-day-markets.ts';
import type { Observation } from '../store/model.ts';
import { observationItem } from '../store/observations/item.ts';
import { runJobItem } from '../store/runs/job-marker.ts';
import { itemKey, writeItems } from '../store/write-items.ts';
import type { ReadLog } from '../reading/types.ts';

/** A page of the batch after reading: its observation, its attempts so far, whether its status is final. */
export interface ReadRecord {
  record: JobRecord;
  observation: Observation;
  attempts: number;
  /** No further attempt: the status is an answer, retrying cannot help, or this was the last attempt. */
  final: boolean;
}

export interface StoreDeps {
  tableName: string;
  /** Days an observation is kept after its scan day (HISTORY_RETENTION_DAYS); 0 keeps it forever. */
  retentionDays?: number | undefined;
  log: ReadLog;
}

/**
 * Writes the batch's observations and job markers. Observations of the same page and day from two
 * runs (a double-click, a manual scan during the daily one) share a key: the later one is kept,
 * both runs' markers are written. An observation DynamoDB refuses as it is (too large, a bad value)
 * is replaced by a failed, final one that says why, so the page is still accounted for (the entry
 * is changed in place). Returns the entries whose writes did not all land: the mapping delivers
 * them again.
 */
export async function storeObservations<T extends ReadRecord>(read: T[], deps: StoreDeps): Promise<Set<T>> {
  const stored = [...read].sort((a, b) => a.observation.observedAt.localeCompare(b.observation.observedAt));
  // The day names its partitions before they hold anything (a run launched by an older fan-out did not).
  for (const [date, markets] of marketsByDay(stored.map((entry) => entry.observation)))
    await addDayMarkets(deps.tableName, date, markets);
  const owners = ownersByKey(stored, deps);
  const first = await writeItems(
    [...owners.values()].map(({ item }) => item),
    { tableName: deps.tableName },
  );
  const ownersOf = (items: Array<Record<string, unknown>>) =>
    new Set(items.flatMap((item) => owners.get(itemKey(item))?.entries ?? []));
  if (first.refused.length) {
    deps.log.error('DynamoDB refused items as they are; their pages are recorded as failed instead, not retried', {
      errors: first.refused.map(({ item, error }) => ({ key: itemKey(item), error })),
    });
  }
  const replaced = [...ownersOf(first.refused.map(({ item }) => item))].map((entry) => {
    const keys = new Set(itemsOf(entry, deps).map(itemKey));
    const error = first.refused.find(({ item }) => keys.has(itemKey(item)))?.error ?? 'refused';
    return Object.assign(entry, { observation: unstorable(entry.observation, error), final: true });
  });
  const second = replaced.length
    ? await writeItems(
        replaced.flatMap((entry) => itemsOf(entry, deps)),
        { tableName: deps.tableName },
      )
    : { unwritten: [], refused: [] };
  const unwritten = [...first.unwritten, ...second.unwritten, ...second.refused.map(({ item }) => item)];
  if (unwritten.length)
    deps.log.error('observations not written after retries; their records will be retried', {
      count: unwritten.length,
      keys: unwritten.map(itemKey),
    });
  return ownersOf(unwritten);
}

/**
 * Each item to write, once, with the entries it stands for: two runs' reads of a page share the
 * observation's key (the later one is written, coming last), and each keeps its own marker.
 */
function ownersByKey<T extends ReadRecord>(
  stored: T[],
  deps: Pick<StoreDeps, 'retentionDays'>,
): Map<string, { item: Record<string, unknown>; entries: T[] }> {
  const owners = new Map<string, { item: Record<string, unknown>; entries: T[] }>();
  for (const entry of stored)
    for (const item of itemsOf(entry, deps)) {
      const key = itemKey(item);
      owners.set(key, { item, entries: [...(owners.get(key)?.entries ?? []), entry] });
    }
  return owners;
}

function itemsOf(entry: ReadRecord, deps: Pick<StoreDeps, 'retentionDays'>): Array<Record<string, unknown>> {
  const { observation, record } = entry;
  return [
    observationItem(observation, { retentionDays: deps.retentionDays }),
    runJobItem(
      record.runId,
      record.job,
      { status: observation.status, attempts: entry.attempts, final: entry.final },
      new Date(observation.observedAt),
    ),
  ];
}

/** What is kept of a page whose observation DynamoDB refused: its identity, its evidence and why. */
function unstorable(observation: Observation, error: string): Observation {
  const { tiles: _tiles, slots: _slots, missingSlots: _missing, ...kept } = observation;
  return {
    ...kept,
    status: 'failed',
    summary: null,
    message: `The page was read (status ${observation.status}), but DynamoDB refused its observation (${error.slice(0, 300)}); see its evidence`,
  };
}
