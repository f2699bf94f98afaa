import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/s3.ts';
import { UnknownVersionError, versionObjectKey, type VersionFiles, type VersionStore } from './version-types.ts';

/** A version's files; UnknownVersionError when there is no such version. */
export async function readVersion(store: VersionStore, version: number): Promise<VersionFiles> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: store.bucketName, Key: versionObjectKey(version) }));
    const parsed = JSON.parse(await object.Body!.transformToString('utf8')) as { version: number; files: VersionFiles };
    return parsed.files;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') throw new UnknownVersionError(`no selector version ${version}`);
    throw error;
  }
}
