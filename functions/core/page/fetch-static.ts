import { fetch, ProxyAgent } from 'undici';
import { ConnectionRefusedError } from '../security/errors.ts';
import { guardedDispatcher } from '../security/guarded-dispatcher.ts';
import type { RequestGuard } from '../security/request-guard.ts';
import { acceptLanguage, STATIC_USER_AGENT } from './identity.ts';
import { PageTimeoutError, PageTooLargeError, RequestRefusedError } from './errors.ts';
import { MAX_HTML_BYTES } from './limits.ts';
import type { Capture } from './types.ts';

export interface StaticFetchOptions {
  locale: string;
  timeoutMs: number;
  userAgent?: string | undefined;
  guard?: RequestGuard | undefined;
  /** An upstream proxy session (credentials included): the fetch goes through it. */
  proxyUrl?: string | null | undefined;
}

const MAX_REDIRECTS = 5;

/**
 * `render: static`: one HTTP GET, no browser; for server-rendered pages it is many times cheaper.
 * Redirects are followed by hand so the guard sees every hop, and every socket is checked again when
 * it connects (guardedDispatcher), pinned to the addresses that were checked.
 */
export async function fetchStatic(url: string, options: StaticFetchOptions): Promise<Capture> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  // Through a proxy the socket goes to the proxy (allowed as configured); each target is still
  // checked before it is asked for, as every hop is.
  const proxy = options.proxyUrl ? new ProxyAgent({ uri: options.proxyUrl }) : undefined;
  const dispatcher = proxy ?? (options.guard ? guardedDispatcher(options.guard) : undefined);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const verdict = options.guard ? await options.guard(current) : { allowed: true as const };
      if (!verdict.allowed)
        throw new RequestRefusedError(
          `Refused to load ${current}${current === url ? '' : ` (redirected from ${url})`}: ${verdict.reason}`,
        );
      const response = await fetch(current, {
        headers: {
          'accept-language': acceptLanguage(options.locale),
          'user-agent': options.userAgent ?? STATIC_USER_AGENT,
          accept: 'text/html,application/xhtml+xml',
        },
        redirect: 'manual',
        signal,
        dispatcher,
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        continue;
      }
      return {
        url,
        finalUrl: current,
        httpStatus: response.status,
        retryAfter: response.headers.get('retry-after'),
        html: await readLimited(response.body, current),
        screenshot: null,
        notes: [],
      };
    }
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (error instanceof PageTooLargeError) throw error;
    if (cause instanceof ConnectionRefusedError) throw new RequestRefusedError(`${cause.message} (loading ${current})`);
    if ((error as Error).name === 'TimeoutError')
      throw new PageTimeoutError(`Page timed out after ${options.timeoutMs} ms: GET ${url}`);
    throw error;
  } finally {
    void proxy?.close().catch(() => undefined);
  }
}

/** The body as text, refused past MAX_HTML_BYTES without reading the rest. */
async function readLimited(
  body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null,
  url: string,
): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_HTML_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new PageTooLargeError(`Page at ${url} is larger than ${MAX_HTML_BYTES / 1024 / 1024} MB; it was not read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
