import { readFileSync } from 'node:fs';
import type { Classifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import type { ListingResult } from '../../functions/core/extract/types.ts';
import { knownTilesOf } from '../../functions/core/heal/broken-pages.ts';
import { suggestFix, type ListingPage, type Suggestion } from '../../functions/core/heal/suggest-fix.ts';
import type { LoadedSite } from '../../functions/core/selectors/load.ts';
import { pageUrl } from '../../functions/core/selectors/urls.ts';
import { UsageError } from '../commands/command.ts';

/**
 * `suggest --good <saved.html> --broken <saved.html>`: a fix learnt from two saved pages instead
 * of a scan history. The good page, read with the file as it is, gives the known products and the
 * figures the proof must reproduce; the broken page is what the fix must read.
 */
export function suggestFromSavedPages(
  file: LoadedSite,
  classify: Classifier,
  options: {
    good?: string | undefined;
    broken?: string | undefined;
    page?: string | undefined;
    keyword?: string | undefined;
  },
): { label: string; index: number; page: ListingPage; suggestion: Suggestion } {
  const listings = file.pages.flatMap((page, index) => (page.kind === 'placement' ? [] : [{ page, index }]));
  const chosen = options.page
    ? listings.find(({ page }) => (page.name ?? page.kind) === options.page || page.kind === options.page)
    : listings.length === 1
      ? listings[0]
      : undefined;
  if (!chosen)
    throw new UsageError(
      `${file.file}: choose a listing page with --page (${listings.map(({ page }) => page.name ?? page.kind).join(', ')})`,
    );
  const { page, index } = chosen;
  const keyword = page.kind === 'search' ? (options.keyword ?? page.keywords[0]) : undefined;
  const url = pageUrl(file, page, keyword);
  const read = (saved: string) => ({ html: readFileSync(saved, 'utf8'), url });
  const good = read(options.good!);
  const goodRead = extractPage({ site: file, page, classify, html: good.html, pageUrl: url }) as ListingResult;
  if (goodRead.status !== 'ok' || goodRead.tiles.length === 0)
    throw new UsageError(
      `${options.good} does not read with ${file.file} (${goodRead.status}): it is no good page to learn from`,
    );
  const suggestion = suggestFix({
    site: file,
    page,
    classify,
    known: knownTilesOf(goodRead),
    knownCount: goodRead.tiles.length,
    broken: read(options.broken!),
    good,
    goodFigures: goodRead.tiles,
  });
  return { label: `${page.name ?? page.kind}${keyword ? ` "${keyword}"` : ''}`, index, page, suggestion };
}
