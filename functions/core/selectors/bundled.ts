import path from 'node:path';
import { createClassifier, type Classifier } from '../extract/classify.ts';
import { loadSelectorDir, type SelectorSet } from './load.ts';
import { formatProblem } from './problems.ts';
import { withOrigin } from './urls.ts';

/**
 * The selector files shipped with a function: `SELECTORS_DIR`, else `selectors/` beside the
 * bundle (Lambda) or in the working directory (local). Read once per container. Broken files are
 * reported and left out; SITE_ORIGINS can point a site elsewhere (the local demo shop).
 */
export function bundledSelectorsDir(): string {
  if (process.env.SELECTORS_DIR) return process.env.SELECTORS_DIR;
  return path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'selectors');
}

export async function loadBundledSelectors(
  origins: Map<string, string>,
  report: (message: string) => void,
): Promise<SelectorSet> {
  const set = await loadSelectorDir(bundledSelectorsDir());
  for (const problem of set.problems) report(`selector file skipped: ${formatProblem(problem)}`);
  const sites = set.sites.map((site) => {
    const origin = origins.get(site.site);
    return origin ? withOrigin(site, origin) : site;
  });
  return { ...set, sites };
}

/** The bundled files with their classifier (what counts as ours), as a function reads jobs with them. */
export async function loadBundledClassified(
  origins: Map<string, string>,
  report: (message: string) => void,
): Promise<SelectorSet & { classify: Classifier }> {
  const set = await loadBundledSelectors(origins, report);
  return { ...set, classify: createClassifier(set.tracking) };
}
