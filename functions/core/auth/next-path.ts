import { badRequest } from '../http/errors.ts';

/**
 * Where to go after sign-in: a path on this site only. `https://evil.example/`, `//evil.example`,
 * `/\evil.example` and anything with a scheme or a control character are refused, so a link cannot
 * turn sign-in into a redirect to another site.
 */
export function safeNextPath(next: string | undefined, appUrl: string): string {
  if (next === undefined || next === '') return '/';
  const refused = () => badRequest('next: must be a path on this site, such as /scorecards/2026-11-23');
  if (next.length > 2_000 || !next.startsWith('/') || next.startsWith('//') || /[\\\s\u0000-\u001f]/.test(next))
    throw refused();
  const base = new URL(appUrl);
  const resolved = new URL(next, base);
  if (resolved.origin !== base.origin) throw refused();
  return `${resolved.pathname}${resolved.search}`;
}
