import { createHash } from 'node:crypto';
import {
  claimVersionNumber,
  recordVersion,
  setCurrentVersion,
  versionExists,
  type VersionInfo,
} from '../store/selector-versions.ts';
import { UnknownVersionError, type VersionFiles, type VersionStore } from './types.ts';
import { writeVersion } from './version-objects.ts';

/**
 * Stores `files` as the next version and makes it live. The number is taken first (an atomic
 * counter, so two pushes never share one), the files are written, the version is recorded, and
 * only then does CURRENT point at it, and only forward: a push that finishes after a newer one does
 * not take its place. With `onlyIfNone`, nothing is stored when any version exists (the first
 * run's seed): the result is then null.
 */
export async function pushVersion(
  store: VersionStore,
  files: VersionFiles,
  by: { createdBy: string; origin: VersionInfo['origin']; onlyIfNone?: boolean; now?: Date },
): Promise<VersionInfo | null> {
  const now = (by.now ?? new Date()).toISOString();
  const version = await claimVersionNumber(store.tableName, by.onlyIfNone);
  if (version === null) return null;
  const body = await writeVersion(store, version, files);
  const info: VersionInfo = {
    version,
    createdAt: now,
    createdBy: by.createdBy,
    origin: by.origin,
    files: Object.keys(files).length,
    markets: Object.keys(files)
      .filter((name) => name.includes('/'))
      .map((name) => name.replace(/\.ya?ml$/, ''))
      .sort(),
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  await recordVersion(store.tableName, info);
  await setCurrentVersion(store.tableName, version, { updatedBy: by.createdBy, at: now, forwardOnly: true });
  return info;
}

/** Makes an earlier (or any stored) version live again: `selectors rollback`. */
export async function rollbackTo(store: VersionStore, version: number, by: string): Promise<void> {
  if (!(await versionExists(store.tableName, version))) throw new UnknownVersionError(`no selector version ${version}`);
  await setCurrentVersion(store.tableName, version, {
    updatedBy: by,
    at: new Date().toISOString(),
    forwardOnly: false,
  });
}
