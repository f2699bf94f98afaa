/** Where the stack keeps its selector files: a table item says which version is live; each version's files are one S3 object. */
export interface VersionStore {
  tableName: string;
  bucketName: string;
}

/** A version's files by path (`tracking.yaml`, `<site>/<market>.yaml`), as UTF-8 text: they were validated to be it. */
export type VersionFiles = Record<string, string>;

export interface VersionInfo {
  version: number;
  createdAt: string;
  createdBy: string;
  /** How it came to be: pushed, seeded from the bundled files on the first run. */
  origin: 'push' | 'seed';
  files: number;
  /** `<site>/<market>` of every selector file in it. */
  markets: string[];
  sha256: string;
}

export interface CurrentVersion {
  version: number;
  /** The highest version number given out (a push that failed half way leaves a gap). */
  latest: number;
  updatedAt: string;
  updatedBy: string;
}

export class UnknownVersionError extends Error {
  override name = 'UnknownVersionError';
}

/** A version's files in the bucket: immutable once written, so any function may cache them for good. */
export const versionObjectKey = (version: number) => `config/selectors/v${String(version).padStart(6, '0')}.json`;
