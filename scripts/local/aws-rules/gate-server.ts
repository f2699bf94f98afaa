import http, { type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GateAnswer } from './aws-errors.ts';
import type { Principal } from './principals.ts';

/** A request as the gate holds it: read whole, so it can be judged, changed and sent on. */
export interface HeldRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Who signed it (its access key), or null when it names a key nobody was given. */
  principal: Principal | null;
  accessKey: string | null;
}

/** What the service answered, read whole. */
export interface HeldResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * A service's gate: `judge` either answers a request itself (refused, throttled) or sends it on to
 * the real server, possibly changed, and may change the answer (an S3 404 a caller may not see).
 */
export type Judge = (
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
) => Promise<GateAnswer | HeldResponse>;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** An HTTP server on 127.0.0.1 in front of a local AWS server: every request passes `judge` first. */
export async function startGate(
  upstream: string,
  principalOf: (accessKey: string | null) => Principal | null,
  judge: Judge,
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const forward = (request: HeldRequest) =>
    new Promise<HeldResponse>((resolve, reject) => {
      const outgoing = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, 'content-length': String(request.body.length) },
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  const server: Server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const accessKey = accessKeyOf(incoming);
      const request: HeldRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks),
        principal: principalOf(accessKey),
        accessKey,
      };
      judge(request, forward).then(
        (answer) => {
          const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
          const headers = { ...answer.headers } as Record<string, string | string[] | undefined>;
          delete headers['transfer-encoding'];
          // A HEAD answer keeps the length of what a GET would send.
          if (request.method !== 'HEAD' || !('content-length' in headers))
            headers['content-length'] = String(body.length);
          outgoing.writeHead('status' in answer ? answer.status : 500, headers);
          outgoing.end(request.method === 'HEAD' ? undefined : body);
        },
        (error: unknown) => {
          outgoing.writeHead(500, { 'content-type': 'text/plain' });
          outgoing.end(`local AWS gate failed: ${(error as Error).message}`);
        },
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The access key that signed a request: SigV4's Authorization header, or a presigned URL's X-Amz-Credential. */
function accessKeyOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? '';
  const signed = header.match(/Credential=([^/,\s]+)\//)?.[1];
  if (signed) return signed;
  const query = new URL(request.url ?? '/', 'http://local').searchParams.get('X-Amz-Credential');
  return query?.split('/')[0] ?? null;
}
