import type { Capture } from './types.ts';
import { PageTimeoutError } from './errors.ts';

export interface StaticFetchOptions {
  locale: string;
  timeoutMs: number;
  userAgent: string;
}

/** `render: static`: one HTTP GET, no browser. For server-rendered pages it is many times cheaper. */
export async function fetchStatic(url: string, options: StaticFetchOptions): Promise<Capture> {
  try {
    const response = await fetch(url, {
      headers: { 'accept-language': options.locale, 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return { url, finalUrl: response.url || url, httpStatus: response.status, html: await response.text(), screenshot: null, notes: [] };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new PageTimeoutError(`Page timed out after ${options.timeoutMs} ms: GET ${url}`);
    throw error;
  }
}
