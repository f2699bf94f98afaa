import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from './errors.ts';

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS },
    body: JSON.stringify(body),
  };
}

export function text(
  statusCode: number,
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': contentType, ...SECURITY_HEADERS, ...extra }, body };
}

/** Runs a route; HttpErrors become their status, anything else a bare 500 (logged, never shown). */
export async function withHttpErrors(
  route: () => Promise<APIGatewayProxyStructuredResultV2>,
  logError: (message: string, error: unknown) => void,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await route();
  } catch (error) {
    if (error instanceof HttpError) return json(error.statusCode, { error: error.message });
    logError('request failed', error);
    return json(500, { error: 'Internal error' });
  }
}
