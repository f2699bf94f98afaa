import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from './s3.ts';

/** A fresh link to a private S3 object lives this long: enough to open it, useless to pass on. */
export const LINK_SECONDS = 300;

/** A short-lived link to a private object; `downloadAs` makes the browser save it under that name. */
export function presignedUrl(bucket: string, key: string, downloadAs?: string): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(downloadAs ? { ResponseContentDisposition: `attachment; filename="${downloadAs}"` } : {}),
    }),
    { expiresIn: LINK_SECONDS },
  );
}
