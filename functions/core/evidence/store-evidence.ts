import { PutObjectCommand } from '@aws-sdk/client-s3';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { CONTENT_BYTES_METADATA } from './evidence-object.ts';
import { s3 } from '../aws/s3.ts';
import type { JobRecord } from '../jobs/record.ts';
import type { Capture } from '../page/types.ts';

const gzipAsync = promisify(gzip);

export interface StoredEvidence {
  html: string[];
  screenshot: string | null;
  /** Set when an upload failed after the SDK's retries: the observation is kept, marked so. */
  error?: string;
}

/** `evidence/<date>/<site>/<market>/<page>/<keyword>/<run>-p<n>.html.gz`: one prefix per target and day. */
export function evidencePrefix(record: JobRecord): string {
  const { job } = record;
  const keyword = job.keyword === undefined ? '_' : encodeURIComponent(job.keyword);
  return `evidence/${record.date}/${job.site}/${job.market}/${job.page}/${keyword}/${record.runId}`;
}

/** Uploads the gzipped HTML of every page read and the first screenshot. Never throws. */
export async function storeEvidence(
  bucket: string,
  record: JobRecord,
  captures: Capture[],
  /** `-second` for the second reader's reading of the page, kept beside the first. */
  suffix = '',
): Promise<StoredEvidence> {
  const prefix = `${evidencePrefix(record)}${suffix}`;
  const evidence: StoredEvidence = { html: [], screenshot: null };
  try {
    await Promise.all(
      captures.map(async (capture, index) => {
        const key = `${prefix}-p${index + 1}.html.gz`;
        await s3().send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: await gzipAsync(capture.html),
            ContentType: 'text/html; charset=utf-8',
            ContentEncoding: 'gzip',
            Metadata: {
              url: capture.finalUrl.slice(0, 1024),
              [CONTENT_BYTES_METADATA]: String(Buffer.byteLength(capture.html)),
            },
          }),
        );
        evidence.html[index] = key;
      }),
    );
    const screenshot = captures.find((capture) => capture.screenshot)?.screenshot;
    if (screenshot) {
      const key = `${prefix}.jpg`;
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: screenshot, ContentType: 'image/jpeg' }));
      evidence.screenshot = key;
    }
  } catch (error) {
    evidence.error = `evidence upload failed: ${(error as Error).message}`;
  }
  evidence.html = evidence.html.filter(Boolean);
  return evidence;
}
