import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Classifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import type { PageResult } from '../../functions/core/extract/types.ts';
import { parseSiteFile } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { pageUrl } from '../../functions/core/selectors/urls.ts';
import { parseSavedPageName } from './saved-page-name.ts';
import { UsageError } from '../commands/command.ts';
import { readBytes, readText } from '../commands/selector-file.ts';

/** One saved page of a folder, extracted with its selector file; or why it could not be. */
export interface ExtractedPage {
  html: string;
  selectors: string;
  site?: string;
  market?: string;
  page?: string;
  result?: PageResult;
  error?: string;
}

/**
 * Every `<name>.html` of a folder (or the pages listed), each with its selector file: the one
 * given for all, or `<name>.yaml` in the selectors folder (the HTML's own folder by default), its
 * first page unless told. In one process, so a hundred saved pages cost one start-up.
 */
export async function extractMany(options: {
  pages: string[];
  selectorsFor: (html: string) => string;
  pageName?: string | undefined;
  classify: Classifier;
  onPage?: (page: ExtractedPage) => void;
}): Promise<ExtractedPage[]> {
  const done: ExtractedPage[] = [];
  for (const html of options.pages) {
    const selectors = options.selectorsFor(html);
    const entry = await extractOne(html, selectors, options.pageName, options.classify).catch(
      (error: unknown): ExtractedPage => ({ html, selectors, error: (error as Error).message }),
    );
    done.push(entry);
    options.onPage?.(entry);
  }
  return done;
}

async function extractOne(
  html: string,
  selectors: string,
  pageName: string | undefined,
  classify: Classifier,
): Promise<ExtractedPage> {
  const { site, problems } = parseSiteFile(selectors, await readBytes(selectors));
  if (!site) return { html, selectors, error: problems.map(formatProblem).join('; ') };
  // Each page of a folder says which page it is by its name (saved-page-name.ts), unless --page says it for all.
  const named = parseSavedPageName(html);
  const wanted = pageName ?? named.page ?? undefined;
  const page = wanted
    ? (site.pages.find((candidate) => (candidate.name ?? candidate.kind) === wanted) ??
      site.pages.find((candidate) => candidate.kind === wanted) ??
      (pageName ? undefined : site.pages[0]))
    : site.pages[0];
  if (!page) return { html, selectors, site: site.site, market: site.market, error: `no page "${pageName}"` };
  const keyword = page.kind === 'search' ? (named.keyword ?? page.keywords[0]) : undefined;
  const result = extractPage({
    html: await readText(html),
    pageUrl: pageUrl(site, page, keyword),
    site,
    page,
    classify,
  });
  return { html, selectors, site: site.site, market: site.market, page: page.name ?? page.kind, result };
}

/** The `.html` files of a folder, in name order. */
export async function htmlFilesIn(dir: string): Promise<string[]> {
  const all = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the folder ${dir}: ${error.code ?? error.message}`);
  });
  const names = all.filter((name) => name.endsWith('.html')).sort();
  return names.map((name) => path.join(dir, name));
}

/** One JSON line per page: what a script reads (`--json`). */
export function jsonLine(page: ExtractedPage): string {
  const { result, ...where } = page;
  if (!result) return JSON.stringify(where);
  return JSON.stringify({
    ...where,
    status: result.status,
    summary: result.summary,
    ...(result.kind === 'placement' ? { slots: result.slots } : { tiles: result.tiles }),
  });
}
