import { formatProblem } from '../selectors/problems.ts';
import { loadSelectorFiles, type SelectorFiles, type SelectorSet } from '../selectors/load.ts';
import { withOrigin } from '../selectors/urls.ts';
import { readVersion } from './version-objects.ts';
import type { VersionStore } from './types.ts';

export interface VersionCacheOptions extends VersionStore {
  /** SITE_ORIGINS: a site served elsewhere (the local demo shop). */
  origins: Map<string, string>;
  report: (message: string) => void;
}

/** Versions kept in a container at once: a run uses one, a push during a run a second. */
const CACHED_VERSIONS = 4;

/**
 * Stored versions of the selector files, loaded once per container: a version never changes, so
 * a job is read with exactly its run's files however many pushes came since.
 */
export function versionCache(options: VersionCacheOptions): (version: number) => Promise<SelectorSet> {
  const cache = new Map<number, Promise<SelectorSet>>();
  return (version) => {
    let set = cache.get(version);
    if (!set) {
      set = readVersion(options, version).then((files) => loadFiles(files, `selectors@v${version}`, options));
      set.catch(() => cache.delete(version));
      cache.set(version, set);
      while (cache.size > CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
    }
    return set;
  };
}

/** Files → the sites they configure, broken files reported and left out, SITE_ORIGINS applied. */
export function loadFiles(
  files: SelectorFiles,
  root: string,
  options: Pick<VersionCacheOptions, 'origins' | 'report'>,
): SelectorSet {
  const set = loadSelectorFiles(files, root);
  for (const problem of set.problems) options.report(`selector file skipped: ${formatProblem(problem)}`);
  return {
    ...set,
    sites: set.sites.map((site) => {
      const origin = options.origins.get(site.site);
      return origin ? withOrigin(site, origin) : site;
    }),
  };
}
