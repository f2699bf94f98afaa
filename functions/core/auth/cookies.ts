/** The session's cookies: the id token (the session itself) and the refresh token that renews it. */
export const SESSION_COOKIE = 'shelfwatch_session';
export const REFRESH_COOKIE = 'shelfwatch_refresh';
/** The sign-in in progress: its state, PKCE verifier and the page first asked for. */
export const LOGIN_COOKIE = 'shelfwatch_login';

/** How long a refresh token lasts (the app client's RefreshTokenValidity). */
export const REFRESH_SECONDS = 30 * 86_400;

/** The cookies of an HTTP API (payload 2.0) request: `cookies`, or a Cookie header. */
export function readCookies(event: {
  cookies?: string[] | undefined;
  headers: Record<string, string>;
}): Map<string, string> {
  const pairs = event.cookies ?? (event.headers.cookie ?? '').split(/;\s*/);
  const cookies = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return cookies;
}

/**
 * A Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (not sent on another site's
 * POST), Path=/, Secure when the app is served over https (always on AWS).
 */
export function setCookie(name: string, value: string, maxAgeSeconds: number, appUrl: string): string {
  const secure = appUrl.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

export const clearCookie = (name: string, appUrl: string) => setCookie(name, '', 0, appUrl);
