import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/s3.ts';
import { UnknownVersionError, type VersionFiles, type VersionStore } from './types.ts';
import { isMissingObject } from '../aws/missing-object.ts';

/** A version's files in the bucket: immutable once written, so any function may cache them for good. */
export const versionObjectKey = (version: number) => `config/selectors/v${String(version).padStart(6, '0')}.json`;

/** A version's files; UnknownVersionError when there is no such version. */
export async function readVersion(store: VersionStore, version: number): Promise<VersionFiles> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: store.bucketName, Key: versionObjectKey(version) }));
    const parsed = JSON.parse(await object.Body!.transformToString('utf8')) as { version: number; files: VersionFiles };
    return parsed.files;
  } catch (error) {
    if (isMissingObject(error)) throw new UnknownVersionError(`no selector version ${version}`);
    throw error;
  }
}

/** Stores a version's files; returns the stored body (its hash names the version's content). */
export async function writeVersion(store: VersionStore, version: number, files: VersionFiles): Promise<string> {
  const body = JSON.stringify({ version, files });
  await s3().send(
    new PutObjectCommand({
      Bucket: store.bucketName,
      Key: versionObjectKey(version),
      Body: body,
      ContentType: 'application/json',
    }),
  );
  return body;
}
