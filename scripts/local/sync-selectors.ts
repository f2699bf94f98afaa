import path from 'node:path';
import { readSelectorFiles } from '../../functions/core/selectors/load.ts';
import { readVersion } from '../../functions/core/selector-versions/version-objects.ts';
import { textFiles } from '../../functions/core/selector-versions/seed-version.ts';
import { currentVersion } from '../../functions/core/store/selector-versions.ts';
import type { VersionFiles, VersionStore } from '../../functions/core/selector-versions/types.ts';
import { pushVersion } from '../../functions/core/selector-versions/push-version.ts';

/**
 * A local stack started with `--selectors <dir>`: when that folder's files differ from the live
 * version, they become a new version, so a fix can be tried through the whole pipeline. Broken
 * files are kept, as bundled files would be: the run names and skips them. Returns the live version.
 */
export async function syncLocalSelectors(store: VersionStore, dir: string): Promise<number> {
  const files = textFiles(await readSelectorFiles(dir));
  const current = await currentVersion(store.tableName);
  if (current && sameFiles(await readVersion(store, current.version), files)) return current.version;
  const pushed = await pushVersion(store, files, { createdBy: followedBy(dir), origin: 'push' });
  return pushed!.version;
}

/**
 * The live version as a local stack starts: with `--selectors <dir>`, that folder (a new version
 * when it differs); otherwise what was pushed, a new data folder's first run seeding it from
 * selectors/, and selectors/ edited in place since followed or said. Built bundles carry their
 * own files. Returns what to tell the user, if anything.
 */
export async function liveSelectorsAtStart(
  store: VersionStore,
  options: { rootDir: string; selectorsDir?: string | undefined; builtDir?: string | undefined },
): Promise<string | null> {
  if (options.selectorsDir) {
    await syncLocalSelectors(store, options.selectorsDir);
    return null;
  }
  return options.builtDir ? null : followSelectorsFolder(store, path.join(options.rootDir, 'selectors'));
}

/** Who made a version the stack took from a folder by itself (not a maintainer's push or rollback). */
const SEEDED_BY = 'the first run (bundled files)';
const followedBy = (dir: string) => `the local stack, from ${dir}`;

/**
 * A local stack started without `--selectors`, on a data folder that has a live version: when
 * `selectors/` was edited in place since, the scan must not run the older version without a word.
 * A live version the stack took from this folder itself (the first run's seed, or an earlier
 * edit) follows the folder: a new version, said. One a maintainer pushed or rolled back to is
 * theirs: kept, and the difference said with what to do. Null when the folder is the live version.
 */
export async function followSelectorsFolder(store: VersionStore, dir: string): Promise<string | null> {
  const current = await currentVersion(store.tableName);
  if (!current) return null; // the first run seeds it from the folder
  const files = textFiles(await readSelectorFiles(dir));
  const live = await readVersion(store, current.version);
  if (sameFiles(live, files)) return null;
  const changed = differingFiles(live, files);
  const named = `${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ` and ${changed.length - 4} more` : ''}`;
  if (current.updatedBy === SEEDED_BY || current.updatedBy === followedBy(dir)) {
    const pushed = await pushVersion(store, files, { createdBy: followedBy(dir), origin: 'push' });
    return `selectors: ${dir} changed since live version ${current.version} (${named}): version ${pushed!.version} is live now`;
  }
  return `selectors: ${dir} differs from live version ${current.version} (${named}), which ${current.updatedBy} made live on ${current.updatedAt.slice(0, 10)}: this scan runs version ${current.version}. Run \`shelfwatch selectors push\` to make the folder live, or start with --selectors ${dir} to run it`;
}

/** The files one side has and the other has not, or has otherwise. */
function differingFiles(a: VersionFiles, b: VersionFiles): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((name) => a[name] !== b[name]);
}

export function sameFiles(a: VersionFiles, b: VersionFiles): boolean {
  const names = Object.keys(a).sort();
  return JSON.stringify(names) === JSON.stringify(Object.keys(b).sort()) && names.every((name) => a[name] === b[name]);
}
