import type { Classifier } from '../extract/classify.ts';
import { buildListingResult, extractPage, readListingPage } from '../extract/extract.ts';
import { extractionMessage } from '../page/read-page.ts';
import type { PageSpec, SiteFile } from '../selectors/schema.ts';
import type { Observation } from '../store/model.ts';
import { extractedFields } from './observation.ts';

/** One page as archived in S3: its HTML and the address it came from. */
export interface ArchivedPage {
  html: string;
  url: string;
}

/** Only pages whose HTML was read and judged can be judged again; a timeout or an HTTP error has nothing to replay. */
export const REPLAYABLE_STATUSES: ReadonlySet<string> = new Set(['ok', 'selector_miss', 'blocked']);

/**
 * A day's observation extracted again from its archived HTML with the current selector files: same
 * day, run and evidence; new status and figures. The first status is kept in replayedFrom. Pure.
 */
export function replayObservation(observation: Observation, target: { site: SiteFile; page: PageSpec }, pages: ArchivedPage[], classify: Classifier, now: Date): Observation {
  const { site, page } = target;
  const input = (archived: ArchivedPage) => ({ html: archived.html, pageUrl: archived.url, site, page, classify });
  const result = page.kind === 'placement' ? extractPage(input(pages[0]!)) : buildListingResult({ site, page, classify }, pages.map((archived) => readListingPage(input(archived))));
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
