import type { LoadedSite } from '../selectors/load.ts';
import type { PageSpec } from '../selectors/schema.ts';

export const PAGE_KINDS = ['search', 'category', 'placement'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** One page to read: a site × market × page (× keyword for search). Names only; never a URL. */
export interface PageJob {
  site: string;
  market: string;
  /** The page's name within its selector file ("search", "mascara", "home"). */
  page: string;
  kind: PageKind;
  keyword?: string;
}

export interface JobFilter {
  sites?: string[] | undefined;
  markets?: string[] | undefined;
  kinds?: PageKind[] | undefined;
}

export function pageName(page: PageSpec): string {
  return page.name ?? page.kind;
}

/** Stable identity of a job within a day: a redelivered or retried job lands on the same key. */
export function jobKey(job: PageJob): string {
  return [job.site, job.market, job.page, job.keyword ?? ''].join('#');
}

/** Selector files → page jobs, in file order, narrowed by an optional filter. Pure. */
export function expandJobs(sites: LoadedSite[], filter: JobFilter = {}): PageJob[] {
  const jobs: PageJob[] = [];
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

/** Finds the selector file and page a job names; undefined when the files no longer have it. */
export function resolveJob(sites: LoadedSite[], job: PageJob): { site: LoadedSite; page: PageSpec } | undefined {
  const site = sites.find((candidate) => candidate.site === job.site && candidate.market === job.market);
  const page = site?.pages.find((candidate) => pageName(candidate) === job.page && candidate.kind === job.kind);
  return site && page ? { site, page } : undefined;
}
