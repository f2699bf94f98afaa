import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SELECTORS_DIR = path.join(REPO_ROOT, 'selectors');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures');

/** Real retailer pages live beside the project, not in it (see ../shared/realpages/README.md). */
export const REALPAGES_DIR = path.resolve(REPO_ROOT, '../shared/realpages');
export const HAVE_REALPAGES = existsSync(REALPAGES_DIR);
if (!HAVE_REALPAGES) {
  console.warn(`\n⚠ SKIPPING real-page tests: ${REALPAGES_DIR} is absent (it sits beside the project in CI).\n`);
}
