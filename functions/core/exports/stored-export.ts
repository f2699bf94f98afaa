import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { presignedUrl } from '../aws/presigned-url.ts';
import { s3 } from '../aws/s3.ts';

/** A large export: stored under exports/ (kept a day by the bucket's lifecycle) and handed over as a short-lived link. */
export async function storeExport(bucket: string, body: string, filename: string, type: string): Promise<string> {
  const key = `exports/${randomUUID()}/${filename}`;
  await s3().send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: `${type}; charset=utf-8` }),
  );
  return presignedUrl(bucket, key, filename);
}
