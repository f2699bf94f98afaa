import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { s3 } from '../core/aws/s3.ts';
import { readArchivedPage } from '../core/evidence/archived-page.ts';
import { badRequest, notFound } from '../core/http/errors.ts';
import type { HttpEvent } from '../core/http/event.ts';
import { redirect, text } from '../core/http/respond.ts';

/** A fresh link to S3 lives this long: enough to open it, useless to pass on. */
const LINK_SECONDS = 300;
/** Archived HTML up to this size is served here (sandboxed); a larger page is downloaded from S3. */
const SERVED_HTML_BYTES = 5 * 1024 * 1024;

/**
 * An archived retailer page as we serve it: in a sandbox (no script runs, the document has no
 * origin, so the retailer's markup can read nothing of this site), its own styles and images only.
 */
const ARCHIVE_HEADERS = {
  'content-security-policy':
    "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline' https:; font-src https: data:; form-action 'none'; frame-ancestors 'none'",
  'content-disposition': 'inline',
  'referrer-policy': 'no-referrer',
};

/**
 * GET /evidence/{key+}: the stable link of a row's evidence (in pages, alerts and CSVs). The session
 * is checked first (the router does), then: a screenshot is a redirect to a fresh presigned URL, so
 * links never expire with signing credentials; an archived page is served sandboxed.
 */
export async function getEvidence(event: HttpEvent, bucket: string): Promise<APIGatewayProxyStructuredResultV2> {
  const rest = event.pathParameters?.key ?? '';
  const key = `evidence/${rest}`;
  if (
    !/^evidence\/\d{4}-\d{2}-\d{2}\/[^\\]+\.(?:jpg|html\.gz)$/.test(key) ||
    key.split('/').some((part) => part === '..' || part === '.' || part === '')
  )
    throw badRequest('key: not an evidence object (evidence/<date>/…, a .jpg or .html.gz)');
  const head = await s3()
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: Error) => {
      if (error.name === 'NotFound' || error.name === 'NoSuchKey')
        throw notFound(`No evidence ${key} (expired after its retention, or never stored)`);
      throw error;
    });
  if (key.endsWith('.jpg')) return redirect(await presigned(bucket, key));
  if ((head.ContentLength ?? 0) > SERVED_HTML_BYTES) return redirect(await presigned(bucket, key, 'attachment'));
  const archived = await readArchivedPage(bucket, key, '');
  const note = `<!-- archived by shelfwatch${archived.url ? ` from ${archived.url.replace(/--/g, '- -')}` : ''}; served without its scripts -->\n`;
  return text(200, note + archived.html, 'text/html; charset=utf-8', ARCHIVE_HEADERS);
}

async function presigned(bucket: string, key: string, disposition?: 'attachment'): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(disposition
        ? { ResponseContentDisposition: `attachment; filename="${key.split('/').slice(-2).join('-')}"` }
        : {}),
    }),
    { expiresIn: LINK_SECONDS },
  );
}
