import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSelectorDir, type SelectorSet } from '../../functions/core/selectors/load.ts';
import { SELECTORS_DIR } from './paths.ts';

/** The demo shop's markets as the project bundles them: what tests count on. */
export const BUNDLED_MARKETS = ['de', 'fr', 'uk', 'us'] as const;
const BUNDLED_FILES = ['tracking.yaml', ...BUNDLED_MARKETS.map((market) => `demo-shop/${market}.yaml`)];

/**
 * The bundled selector files only, copied into `target`: a market a maintainer is adding in
 * selectors/ (a file left there) changes no test's counts.
 */
export async function copyBundledSelectors(target: string): Promise<string> {
  for (const file of BUNDLED_FILES) {
    await mkdir(path.dirname(path.join(target, file)), { recursive: true });
    await copyFile(path.join(SELECTORS_DIR, file), path.join(target, file));
  }
  return target;
}

/** The bundled selector files, loaded (from a copy of them alone). */
export async function loadBundledSelectors(): Promise<SelectorSet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-bundled-'));
  try {
    return await loadSelectorDir(await copyBundledSelectors(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
