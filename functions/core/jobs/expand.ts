import type { LoadedSite } from '../selectors/load.ts';
import type { PageSpec } from '../selectors/schema.ts';

export const PAGE_KINDS = ['search', 'category', 'placement'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/**
 * What is tracked day after day: a site × market × page (× keyword for search), by name only,
 * never a URL (docs/glossary.md). A job is one target read in one run.
 */
export interface Target {
  site: string;
  market: string;
  /** The page's name within its selector file ("search", "mascara", "home"). */
  page: string;
  kind: PageKind;
  keyword?: string;
}

/** Which targets a run reads: by site, market and page kind (empty: all). */
export interface JobFilter {
  sites?: string[] | undefined;
  markets?: string[] | undefined;
  kinds?: PageKind[] | undefined;
}

export function pageName(page: PageSpec): string {
  return page.name ?? page.kind;
}

/** A target's identity, `site#market#page#keyword`: a redelivered or retried job lands on the same key. */
export function targetKey(target: Target): string {
  return [target.site, target.market, target.page, target.keyword ?? ''].join('#');
}

/** Selector files → the targets a run reads (one job each), in file order, narrowed by an optional filter. Pure. */
export function expandTargets(sites: LoadedSite[], filter: JobFilter = {}): Target[] {
  const jobs: Target[] = [];
  for (const site of sites) {
    if (filter.sites?.length && !filter.sites.includes(site.site)) continue;
    if (filter.markets?.length && !filter.markets.includes(site.market)) continue;
    for (const page of site.pages) {
      if (filter.kinds?.length && !filter.kinds.includes(page.kind)) continue;
      const base = { site: site.site, market: site.market, page: pageName(page), kind: page.kind };
      if (page.kind === 'search') jobs.push(...page.keywords.map((keyword) => ({ ...base, keyword })));
      else jobs.push(base);
    }
  }
  return jobs;
}

/** Finds the selector file and page a target names; undefined when the files no longer have it. */
export function resolveTarget(sites: LoadedSite[], job: Target): { site: LoadedSite; page: PageSpec } | undefined {
  const site = sites.find((candidate) => candidate.site === job.site && candidate.market === job.market);
  const page = site?.pages.find((candidate) => pageName(candidate) === job.page && candidate.kind === job.kind);
  return site && page ? { site, page } : undefined;
}
