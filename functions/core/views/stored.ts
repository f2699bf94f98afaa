import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/s3.ts';
import { isMissingObject } from '../aws/missing-object.ts';

/** The text of a stored file (a day's CSV), or null when it was never built (a day before views, or not finished yet). */
export async function readStoredText(bucket: string, key: string): Promise<string | null> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString('utf8');
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
}

/** A stored view, or null. */
export async function readStored<T>(bucket: string, key: string): Promise<T | null> {
  const text = await readStoredText(bucket, key);
  return text === null ? null : (JSON.parse(text) as T);
}

export async function writeStored(
  bucket: string,
  key: string,
  body: string,
  contentType = 'application/json',
): Promise<number> {
  await s3().send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: `${contentType}; charset=utf-8` }),
  );
  return Buffer.byteLength(body);
}
