import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { gzipSync } from 'node:zlib';

/**
 * Lambda returns at most 6 MB to API Gateway (its synchronous response payload quota), measured
 * as the JSON of the whole result: a body's quotes and line breaks count twice once escaped.
 * Past it the invocation fails and the browser gets a bare 500.
 */
export const RESPONSE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Bodies past this are sent gzipped to a client that takes it: worth the CPU, and under the quota. */
const GZIP_FROM_BYTES = 256 * 1024;

/**
 * The answer as it fits Lambda's response quota: as it is, or gzipped (base64, as API Gateway
 * expects a binary body) for a client that accepts gzip; null when it cannot fit either way.
 */
export function fitResponse(
  result: APIGatewayProxyStructuredResultV2,
  acceptsGzip: boolean,
): APIGatewayProxyStructuredResultV2 | null {
  const body = typeof result.body === 'string' ? result.body : '';
  const size = payloadBytes(result);
  if (size <= GZIP_FROM_BYTES || result.isBase64Encoded || !acceptsGzip)
    return size <= RESPONSE_PAYLOAD_BYTES ? result : null;
  const gzipped: APIGatewayProxyStructuredResultV2 = {
    ...result,
    headers: { ...result.headers, 'content-encoding': 'gzip', vary: 'accept-encoding' },
    body: gzipSync(body).toString('base64'),
    isBase64Encoded: true,
  };
  return payloadBytes(gzipped) <= RESPONSE_PAYLOAD_BYTES ? gzipped : null;
}

/** Whether the request's Accept-Encoding takes gzip (q=0 refuses it). */
export function acceptsGzip(headers: Record<string, string>): boolean {
  const accepted = (headers['accept-encoding'] ?? '').toLowerCase().split(',');
  return accepted.some((part) => {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function payloadBytes(result: APIGatewayProxyStructuredResultV2): number {
  return Buffer.byteLength(JSON.stringify(result));
}
