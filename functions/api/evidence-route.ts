import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { presignedUrl } from '../core/aws/presigned-url.ts';
import { readArchivedPage } from '../core/evidence/archived-page.ts';
import { evidenceSize, isEvidenceKey } from '../core/evidence/evidence-object.ts';
import { badRequest, notFound } from '../core/http/errors.ts';
import { acceptsGzip, fitResponse } from '../core/http/fit-response.ts';
import type { HttpEvent } from '../core/http/event.ts';
import { redirect, text } from '../core/http/respond.ts';

/**
 * Archived HTML up to this size (before gzip) is read here; a larger page is a download from S3
 * without being read. What is read is served sandboxed when it fits Lambda's 6 MB response
 * (gzipped to a browser), else it is a download too.
 */
export const READ_HTML_BYTES = 32 * 1024 * 1024;

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
  const key = `evidence/${event.pathParameters?.key ?? ''}`;
  if (!isEvidenceKey(key)) throw badRequest('key: not an evidence object (evidence/<date>/…, a .jpg or .html.gz)');
  const size = await evidenceSize(bucket, key);
  if (size === null) throw notFound(`No evidence ${key} (expired after its retention, or never stored)`);
  if (key.endsWith('.jpg')) return redirect(await presignedUrl(bucket, key));
  const download = async () => redirect(await presignedUrl(bucket, key, key.split('/').slice(-2).join('-')));
  if (size > READ_HTML_BYTES) return download();
  const archived = await readArchivedPage(bucket, key, '');
  const note = `<!-- archived by shelfwatch${archived.url ? ` from ${archived.url.replace(/--/g, '- -')}` : ''}; served without its scripts -->\n`;
  const page = text(200, note + archived.html, 'text/html; charset=utf-8', ARCHIVE_HEADERS);
  return fitResponse(page, acceptsGzip(event.headers)) ?? download();
}
