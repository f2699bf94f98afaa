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

/** A redirect (302), with the cookies it sets. */
export function redirect(location: string, cookies: string[] = []): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 302,
    headers: { location, ...SECURITY_HEADERS },
    body: '',
    ...(cookies.length ? { cookies } : {}),
  };
}

/** Runs a route; HttpErrors become their status, anything else a bare 500 (logged, never shown). */
export async function withHttpErrors(
  route: () => Promise<APIGatewayProxyStructuredResultV2>,
  logError: (message: string, error: unknown) => void,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await route();
  } catch (error) {
    if (error instanceof HttpError) {
      const response = json(error.statusCode, { error: error.message });
      // What a 401 must say: how to authenticate.
      if (error.statusCode === 401) response.headers = { ...response.headers, 'www-authenticate': 'Bearer' };
      return response;
    }
    logError('request failed', error);
    return json(500, { error: 'Internal error' });
  }
}
