import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/s3.ts';
import { isMissingObject } from '../aws/missing-object.ts';

/** An evidence object's key as its stable link names it: `evidence/<date>/…`, a screenshot or an archived page. */
export function isEvidenceKey(key: string): boolean {
  return (
    /^evidence\/\d{4}-\d{2}-\d{2}\/[^\\]+\.(?:jpg|html\.gz)$/.test(key) &&
    !key.split('/').some((part) => part === '..' || part === '.' || part === '')
  );
}

/** The size of an evidence object; null when there is none (expired after its retention, or never stored). */
export async function evidenceSize(bucket: string, key: string): Promise<number | null> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
}
