import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalFunction } from './functions.ts';

export interface HttpRoute {
  method: string;
  path: string;
  fn: LocalFunction;
}

export interface LocalHttpApi {
  url: string;
  close(): Promise<void>;
}

/** The template's HttpApi events: method + path → function. */
export function routesOf(functions: Iterable<LocalFunction>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    for (const event of Object.values(fn.events)) {
      if (event.Type === 'HttpApi')
        routes.push({ method: String(event.Properties.Method).toUpperCase(), path: String(event.Properties.Path), fn });
    }
  }
  return routes;
}

/** HTTP API's quotas (docs/local-stack.md cites them): a 10 MB request, 30 s for the integration to answer. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 30_000;

/**
 * API Gateway (HTTP API, payload 2.0) on a local port, as the template declares it: no authorizer
 * (the functions check the session themselves, as on AWS), the Cookie header moved to `cookies`,
 * a response's `cookies` sent as Set-Cookie headers, `{name+}` matching the rest of the path.
 */
export async function startHttpApi(
  routes: HttpRoute[],
  options: {
    port?: number;
    stageVariables?: Record<string, string>;
    /** Told of each answer's status, as API Gateway counts 4xx and 5xx for CloudWatch. */
    onAnswer?: (status: number) => void;
  } = {},
): Promise<LocalHttpApi> {
  const server: Server = createServer((request, response) => {
    void handle(request).then(
      (result) => {
        options.onAnswer?.(result.statusCode);
        response.writeHead(result.statusCode, {
          ...result.headers,
          ...(result.cookies.length ? { 'set-cookie': result.cookies } : {}),
        });
        response.end(result.body);
      },
      () => {
        // What HTTP API answers when its Lambda integration fails (an unhandled error, a response too large).
        options.onAnswer?.(500);
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      },
    );
  });

  async function handle(
    request: IncomingMessage,
  ): Promise<{ statusCode: number; headers: Record<string, string>; body: string | Buffer; cookies: string[] }> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // API Gateway's own answers are `{"message": …}`.
    const reply = (statusCode: number, message: string) => ({
      statusCode,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
      cookies: [],
    });
    const body = await readBody(request);
    // The rest of the body is never read, so this connection cannot carry another request.
    if (body === null)
      return {
        ...reply(413, 'Request Entity Too Large'),
        headers: { 'content-type': 'application/json', connection: 'close' },
      };
    const method = (request.method ?? 'GET').toUpperCase();
    const match = routes
      .map((route) => ({ route, params: matchPath(route.path, url.pathname) }))
      .find(({ route, params }) => params && route.method === method);
    if (!match?.params) return reply(404, 'Not Found');
    const event = {
      version: '2.0',
      routeKey: `${match.route.method} ${match.route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: Object.fromEntries(
        Object.entries(request.headers)
          .filter(([name]) => name !== 'cookie')
          .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]),
      ),
      ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/).filter(Boolean) } : {}),
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters: Object.keys(match.params).length ? match.params : undefined,
      stageVariables:
        options.stageVariables && Object.keys(options.stageVariables).length
          ? { ...options.stageVariables }
          : undefined,
      body: body.length ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: request.headers.host ?? 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: request.socket.remoteAddress ?? '',
          userAgent: request.headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: `${match.route.method} ${match.route.path}`,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
    });
    const invoked = match.route.fn.invoke(event);
    invoked.catch(() => undefined);
    const answered = await Promise.race([invoked, timedOut]).finally(() => clearTimeout(timer));
    // The integration did not answer within 30 s: HTTP API gives up on it (the function may still run).
    if (answered === 'timeout') return reply(503, 'Service Unavailable');
    const result = answered as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    return {
      statusCode: result.statusCode ?? 200,
      headers: result.headers ?? {},
      // A binary answer (isBase64Encoded) is decoded before it is sent, as API Gateway does.
      body: result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''),
      cookies: result.cookies ?? [],
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/scorecards/{date}` against `/scorecards/2026-11-23` → `{ date: '2026-11-23' }`; `{key+}` takes the rest of the path; or null. */
function matchPath(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .replace(/[.*?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)(\+?)\}/g, (_match, name: string, greedy: string) => {
      names.push(name);
      return greedy ? '(.+)' : '([^/]+)';
    });
  const found = new RegExp(`^${pattern}$`).exec(path);
  if (!found) return null;
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]));
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
