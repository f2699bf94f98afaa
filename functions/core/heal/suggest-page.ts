import type { Classifier } from '../extract/classify.ts';
import { pageName } from '../jobs/expand.ts';
import type { SiteFile } from '../selectors/schema.ts';
import type { BrokenPage } from './broken-pages.ts';
import { suggestFix, type ListingPage, type Suggestion } from './suggest-fix.ts';

export type PageSuggestion =
  | { kind: 'suggested'; index: number; page: ListingPage; goodDate: string; suggestion: Suggestion }
  /** Nothing to try: the file has no such listing page, or the page never read cleanly to learn from. */
  | { kind: 'skipped'; reason: string };

/**
 * The fix for one broken page of a selector file, learnt from its last good day (suggestFix):
 * what `shelfwatch suggest` prints and the alert sweep looks for after a run.
 */
export function suggestForPage(file: SiteFile, classify: Classifier, broken: BrokenPage): PageSuggestion {
  const index = file.pages.findIndex((p) => pageName(p) === broken.target.page && p.kind === broken.target.kind);
  const page = file.pages[index];
  if (!page || page.kind === 'placement')
    return { kind: 'skipped', reason: `the selector file has no listing page ${broken.target.page}` };
  if (!broken.good) return { kind: 'skipped', reason: 'no good day in the last 60 days to learn from' };
  const suggestion = suggestFix({
    site: file,
    page,
    classify,
    known: broken.good.known,
    knownCount: broken.good.tileCount,
    broken: broken.broken,
    good: broken.good.html,
    goodFigures: broken.good.figures,
  });
  return { kind: 'suggested', index, page, goodDate: broken.good.date, suggestion };
}
