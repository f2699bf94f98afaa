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

/** The metadata key under which an archived page keeps its size before gzip (bytes). */
export const CONTENT_BYTES_METADATA = 'content-bytes';

/**
 * The size of an evidence object as it is served: an archived page's HTML before gzip (from its
 * metadata; pages archived before it was kept give the stored size), a screenshot's bytes. Null
 * when there is none (expired after its retention, or never stored).
 */
export async function evidenceSize(bucket: string, key: string): Promise<number | null> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const content = Number(head.Metadata?.[CONTENT_BYTES_METADATA]);
    return Number.isSafeInteger(content) && content >= 0 ? content : (head.ContentLength ?? 0);
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
}
