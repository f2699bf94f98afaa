import { GetObjectCommand } from '@aws-sdk/client-s3';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isMissingObject } from '../aws/missing-object.ts';
import { s3 } from '../aws/s3.ts';
import type { PageHtml } from '../extract/extract.ts';

const gunzipAsync = promisify(gunzip);

/** The archived page is not in the bucket: expired after the evidence's retention, or never stored. */
export class ArchivedPageGoneError extends Error {
  override name = 'ArchivedPageGoneError';
}

/** One page of HTML evidence as storeEvidence archived it (gzipped, its address in the object's metadata). */
export async function readArchivedPage(bucket: string, key: string, fallbackUrl: string): Promise<PageHtml> {
  const object = await s3()
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: unknown) => {
      throw isMissingObject(error)
        ? new ArchivedPageGoneError(
            `its archived HTML ${key} is gone (expired after the evidence's retention, or never stored)`,
          )
        : error;
    });
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  // Stored gzipped; a client or proxy that honoured Content-Encoding may already have inflated it.
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const html = (isGzip ? await gunzipAsync(bytes) : bytes).toString('utf8');
  return { html, url: object.Metadata?.url || fallbackUrl };
}
