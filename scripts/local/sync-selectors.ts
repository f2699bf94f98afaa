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
  const pushed = await pushVersion(store, files, { createdBy: `the local stack, from ${dir}`, origin: 'push' });
  return pushed!.version;
}

export function sameFiles(a: VersionFiles, b: VersionFiles): boolean {
  const names = Object.keys(a).sort();
  return JSON.stringify(names) === JSON.stringify(Object.keys(b).sort()) && names.every((name) => a[name] === b[name]);
}
