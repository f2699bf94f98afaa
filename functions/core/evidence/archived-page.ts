import { GetObjectCommand } from '@aws-sdk/client-s3';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { s3 } from '../aws/s3.ts';
import type { PageHtml } from '../extract/extract.ts';

const gunzipAsync = promisify(gunzip);

/** One page of HTML evidence as storeEvidence archived it (gzipped, its address in the object's metadata). */
export async function readArchivedPage(bucket: string, key: string, fallbackUrl: string): Promise<PageHtml> {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  // Stored gzipped; a client or proxy that honoured Content-Encoding may already have inflated it.
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const html = (isGzip ? await gunzipAsync(bytes) : bytes).toString('utf8');
  return { html, url: object.Metadata?.url || fallbackUrl };
}
