import { createClassifier, type Classifier } from '../extract/classify.ts';
import { loadBundledSelectors } from '../selectors/bundled.ts';
import type { LoadedSite, SelectorSet } from '../selectors/load.ts';
import { versionCache, type VersionCacheOptions } from './version-cache.ts';

/** The selector files a job is read with, and what counts as ours in them. */
export interface ClassifiedSites {
  sites: LoadedSite[];
  classify: Classifier;
}

/** The bundled files with their classifier (what counts as ours), as a function reads jobs with them. */
export async function loadBundledClassified(
  origins: Map<string, string>,
  report: (message: string) => void,
): Promise<SelectorSet & { classify: Classifier }> {
  const set = await loadBundledSelectors(origins, report);
  return { ...set, classify: createClassifier(set.tracking) };
}

/** The stored versions (version-cache.ts), with each version's classifier (what counts as ours), made once per version. */
export function classifiedVersions(options: VersionCacheOptions): (version: number) => Promise<ClassifiedSites> {
  const versions = versionCache(options);
  const classifiers = new WeakMap<SelectorSet, Classifier>();
  return async (version) => {
    const set = await versions(version);
    let classify = classifiers.get(set);
    if (!classify) classifiers.set(set, (classify = createClassifier(set.tracking)));
    return { sites: set.sites, classify };
  };
}
