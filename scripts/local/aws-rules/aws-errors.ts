import { randomUUID } from 'node:crypto';

/** An answer the gate gives itself, shaped as the service gives it. */
export interface GateAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** IAM's wording of a refusal (the services quote it), for an identity policy that does not allow an action. */
export function notAuthorized(principalArn: string, action: string, resource: string, explicit: boolean): string {
  return explicit
    ? `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`
    : `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}

/** DynamoDB and Kinesis (JSON protocols): HTTP 400 with `__type`. */
export function jsonError(type: string, message: string, extra: Record<string, unknown> = {}): GateAnswer {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ __type: type, message, ...extra }),
  };
}

/** S3 (REST-XML): the status, and an XML error (none for HEAD, which has no body). */
export function s3Error(status: number, code: string, message: string, method: string): GateAnswer {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body:
      method === 'HEAD'
        ? ''
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId><HostId>local</HostId></Error>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * How a JSON-protocol call (DynamoDB, Kinesis) starts being judged: the operation its
 * X-Amz-Target names and its body, or an answer already: `forward` when there are no rules yet
 * or no operation, a refusal when the caller did not sign as any principal.
 */
export function jsonCall<P>(request: {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  principal: P | null;
}): { operation: string; body: Record<string, unknown>; principal: P } | 'forward' | GateAnswer {
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  if (!operation) return 'forward';
  if (!request.principal)
    return jsonError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const body = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
  return { operation, body, principal: request.principal };
}
