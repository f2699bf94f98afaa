import type { JobRecord } from '../jobs/record.ts';
import type { PageResult } from '../extract/types.ts';
import type { PageOutcome } from '../page/types.ts';
import { MAX_STORED_TILES, type Observation } from '../store/model.ts';
import type { Attempt } from './retry-policy.ts';
import type { StoredEvidence } from '../evidence/store-evidence.ts';

/** Messages come from pages and errors; a few lines say everything a person needs. */
const MAX_MESSAGE_CHARS = 2_000;

/** A job's outcome as the row the scorecard reads. Pure. */
export function toObservation(
  record: JobRecord,
  outcome: PageOutcome & { attempts?: Attempt[] },
  evidence: StoredEvidence,
  observedAt: Date,
): Observation {
  const result = outcome.result;
  const message = [outcome.message, evidence.error].filter(Boolean).join('; ').slice(0, MAX_MESSAGE_CHARS) || null;
  return {
    ...record.job,
    date: record.date,
    runId: record.runId,
    status: outcome.status,
    message,
    pageUrl: outcome.captures[0]?.url ?? null,
    evidence: {
      html: evidence.html,
      screenshot: evidence.screenshot,
      ...(evidence.error ? { error: evidence.error } : {}),
    },
    observedAt: observedAt.toISOString(),
    ...(outcome.attempts ? { attempts: outcome.attempts } : {}),
    ...(outcome.renderedBy ? { renderedBy: outcome.renderedBy } : {}),
    ...(outcome.renderCheck ? { renderCheck: outcome.renderCheck } : {}),
    ...(outcome.rankReads ? { rankReads: outcome.rankReads } : {}),
    ...extractedFields(result),
  };
}

/** What an observation keeps of an extraction: the summary, and the tiles (the first MAX_STORED_TILES) or the slots. */
export function extractedFields(
  result: PageResult | null,
): Pick<Observation, 'summary' | 'tiles' | 'slots' | 'missingSlots'> {
  if (result?.kind === 'placement')
    return { summary: result.summary, slots: result.slots, missingSlots: result.missingSlots };
  if (result) return { summary: result.summary, tiles: result.tiles.slice(0, MAX_STORED_TILES) };
  return { summary: null };
}
