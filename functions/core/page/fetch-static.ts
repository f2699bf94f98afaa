import type { RequestGuard } from '../security/request-guard.ts';
import { PageTimeoutError, RequestRefusedError } from './errors.ts';
import type { Capture } from './types.ts';

export interface StaticFetchOptions {
  locale: string;
  timeoutMs: number;
  userAgent: string;
  guard?: RequestGuard | undefined;
}

const MAX_REDIRECTS = 5;

/**
 * `render: static`: one HTTP GET, no browser; for server-rendered pages it is many times cheaper.
 * Redirects are followed by hand so the guard sees every hop.
 */
export async function fetchStatic(url: string, options: StaticFetchOptions): Promise<Capture> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const verdict = options.guard ? await options.guard(current) : { allowed: true as const };
      if (!verdict.allowed) throw new RequestRefusedError(`Refused to load ${current}${current === url ? '' : ` (redirected from ${url})`}: ${verdict.reason}`);
      const response = await fetch(current, {
        headers: { 'accept-language': options.locale, 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml' },
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        continue;
      }
      return { url, finalUrl: current, httpStatus: response.status, html: await response.text(), screenshot: null, notes: [] };
    }
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new PageTimeoutError(`Page timed out after ${options.timeoutMs} ms: GET ${url}`);
    throw error;
  }
}
