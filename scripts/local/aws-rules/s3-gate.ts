import { notAuthorized, s3Error } from './aws-errors.ts';
import type { Decision, IamRequest } from './authorize.ts';
import type { HeldRequest, Judge } from './gate-server.ts';
import type { Principal } from './principals.ts';
import type { Refusal } from './refusals.ts';
import type { ServiceFaults } from './service-faults.ts';

export interface BucketShape {
  name: string;
  arn: string;
  /** Its bucket policy, resolved to local ARNs (evaluated with every request's identity policies). */
  policy?: unknown;
}

export interface S3GateRules {
  buckets: Map<string, BucketShape>;
  authorize(principal: Principal, request: IamRequest): Promise<Decision>;
  record(refusal: Refusal): void;
  faults: ServiceFaults;
}

/**
 * S3 as AWS answers (path-style requests, signed or presigned): each request authorised as the
 * action it is (GetObject, PutObject, ListBucket with `s3:prefix` …) against the caller's role and
 * the bucket's policy, refused with 403 AccessDenied; and a missing object is 404 NoSuchKey only
 * for a caller allowed s3:ListBucket on the bucket, else 403 AccessDenied (GetObject and
 * HeadObject, "Permissions"): what a function without ListBucket sees for a key not there yet.
 */
export function s3Judge(rules: () => S3GateRules | null): Judge {
  return async (request, forward) => {
    const current = rules();
    if (!current) return forward(request);
    if (!request.principal)
      return s3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        request.method,
      );
    const { bucket, key, query } = parsePath(request.url);
    const shape = current.buckets.get(bucket);
    const bucketArn = shape?.arn ?? `arn:aws:s3:::${bucket}`;
    for (const asked of actionsOf(request, bucketArn, key, query)) {
      const decision = await current.authorize(request.principal, { ...asked, resourcePolicy: shape?.policy });
      if (!decision.allowed)
        return s3Error(
          403,
          'AccessDenied',
          notAuthorized(request.principal.arn, asked.action, asked.resource, decision.explicit),
          request.method,
        );
    }
    const operation =
      request.method === 'PUT' && key ? 'PutObject' : request.method === 'GET' && key ? 'GetObject' : '';
    if (
      operation &&
      current.faults.take('s3', operation, request.principal.arn, `${bucket}/${key}`)?.kind === 'internal-error'
    )
      return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.', request.method);
    const response = await forward(request);
    const readsObject = key !== '' && (request.method === 'GET' || request.method === 'HEAD') && !query.has('uploadId');
    if (readsObject && response.status === 404) {
      const mayList = await current.authorize(request.principal, {
        action: 's3:ListBucket',
        resource: bucketArn,
        context: { 's3:prefix': key },
        resourcePolicy: shape?.policy,
      });
      if (!mayList.allowed) {
        current.record({
          kind: 'missing-object',
          service: 's3',
          message: `${request.principal.arn} read a missing key ${bucket}/${key}: 403 without s3:ListBucket`,
        });
        return s3Error(403, 'AccessDenied', 'Access Denied', request.method);
      }
    }
    return response;
  };
}

function parsePath(url: string): { bucket: string; key: string; query: URLSearchParams } {
  const parsed = new URL(url, 'http://local');
  const [, bucket = '', ...rest] = parsed.pathname.split('/');
  return {
    bucket: decodeURIComponent(bucket),
    key: rest.map(decodeURIComponent).join('/'),
    query: parsed.searchParams,
  };
}

/** The IAM actions an S3 REST request needs (the S3 API reference's "Permissions" of each operation). */
function actionsOf(request: HeldRequest, bucketArn: string, key: string, query: URLSearchParams): IamRequest[] {
  const object = `${bucketArn}/${key}`;
  const { method } = request;
  if (key === '') {
    if (method === 'PUT') return [{ action: 's3:CreateBucket', resource: bucketArn }];
    if (method === 'DELETE') return [{ action: 's3:DeleteBucket', resource: bucketArn }];
    if (method === 'POST' && query.has('delete'))
      return [...request.body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => ({
        action: 's3:DeleteObject',
        resource: `${bucketArn}/${decodeXml(match[1]!)}`,
      }));
    if (query.has('location')) return [{ action: 's3:GetBucketLocation', resource: bucketArn }];
    return [{ action: 's3:ListBucket', resource: bucketArn, context: { 's3:prefix': query.get('prefix') ?? '' } }];
  }
  if (method === 'GET' || method === 'HEAD') return [{ action: 's3:GetObject', resource: object }];
  if (method === 'DELETE')
    return [{ action: query.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject', resource: object }];
  const copySource = request.headers['x-amz-copy-source'];
  if (typeof copySource === 'string') {
    const source = decodeURIComponent(copySource.replace(/^\//, ''));
    return [
      { action: 's3:PutObject', resource: object },
      { action: 's3:GetObject', resource: `arn:aws:s3:::${source}` },
    ];
  }
  return [{ action: 's3:PutObject', resource: object }];
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_all, entity: string) =>
    entity.startsWith('#')
      ? String.fromCharCode(Number(entity.slice(1)))
      : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[entity]!,
  );
}
