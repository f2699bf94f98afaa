/** Where the stack keeps its selector files: a table item says which version is live; each version's files are one S3 object. */
export interface VersionStore {
  tableName: string;
  bucketName: string;
}

/** A version's files by path (`tracking.yaml`, `<site>/<market>.yaml`), as UTF-8 text: they were validated to be it. */
export type VersionFiles = Record<string, string>;

export class UnknownVersionError extends Error {
  override name = 'UnknownVersionError';
}
