import path from 'node:path';
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
