import type { Classifier } from '../extract/classify.ts';
import { extractPages, type PageHtml } from '../extract/extract.ts';
import { extractionMessage } from '../extract/message.ts';
import type { PageSpec, SiteFile } from '../selectors/schema.ts';
import type { Observation } from '../store/model.ts';
import { extractedFields } from '../reading/to-observation.ts';

/**
 * A day's observation extracted again from its archived HTML with the current selector files: same
 * day, run and evidence; new status and figures. The first status is kept in replayedFrom. Pure.
 */
export function replayObservation(
  observation: Observation,
  target: { site: SiteFile; page: PageSpec },
  pages: PageHtml[],
  classify: Classifier,
  now: Date,
): Observation {
  const { result } = extractPages({ ...target, classify }, pages);
  const { tiles: _tiles, slots: _slots, missingSlots: _missing, ...kept } = observation;
  return {
    ...kept,
    ...extractedFields(result),
    status: result.status,
    message: extractionMessage(result.status, observation.pageUrl ?? pages[0]!.url),
    replayedAt: now.toISOString(),
    replayedFrom: observation.replayedFrom ?? observation.status,
  };
}
