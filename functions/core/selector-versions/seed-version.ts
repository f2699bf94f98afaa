import { readSelectorFiles } from '../selectors/load.ts';
import { currentVersion } from '../store/selector-versions.ts';
import type { VersionFiles, VersionStore } from './types.ts';
import { pushVersion } from './push-version.ts';

/**
 * Version 1 from the bundled files, unless a version exists (two first runs at once seed once). A
 * seed another function began is waited for; one that never finished (its function died) is done
 * again.
 */
export function seedFromBundled(store: VersionStore): (bundledDir: string) => Promise<void> {
  return async (bundledDir) => {
    const files = textFiles(await readSelectorFiles(bundledDir));
    const by = { createdBy: 'the first run (bundled files)', origin: 'seed' as const };
    if (await pushVersion(store, files, { ...by, onlyIfNone: true })) return;
    for (let wait = 0; wait < 5; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (await currentVersion(store.tableName)) return;
    }
    await pushVersion(store, files, by);
  };
}

/** Selector files as text, for a version (they are validated as UTF-8 before a push). */
export function textFiles(files: Record<string, string | Uint8Array>): VersionFiles {
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => [
      name,
      typeof content === 'string' ? content : Buffer.from(content).toString('utf8'),
    ]),
  );
}
