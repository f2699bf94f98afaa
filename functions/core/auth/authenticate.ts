import { HttpError } from '../http/errors.ts';
import type { AuthConfig } from './config.ts';
import { readCookies, REFRESH_COOKIE, SESSION_COOKIE } from './cookies.ts';
import { refreshSession } from './login-flow.ts';
import type { Identity, TokenVerifier } from './verify-token.ts';

export interface Authenticated {
  identity: Identity;
  /** How the caller proved it: a bearer token (scripts, curl) or the session cookie (a browser). */
  via: 'bearer' | 'cookie';
  /** A renewed session cookie to send back, when the id token had expired and was refreshed. */
  cookies: string[];
}

/** No session: a browser asking for a page is sent to sign in; anything else gets 401. */
export class SignInRequired extends HttpError {
  override name = 'SignInRequired';
  constructor(message = 'Sign in first: send Authorization: Bearer <id token>, or open the page in a browser') {
    super(401, message);
  }
}

interface Request {
  headers: Record<string, string>;
  cookies?: string[] | undefined;
  requestContext: { http: { method: string } };
}

/**
 * Who is calling: an `Authorization: Bearer <id token>` header, else the session cookie, else a
 * refresh of it with the refresh cookie. A header that is there but not a valid token is refused
 * outright (no falling back to the cookie). Every token is verified (verify-token.ts); a forged,
 * expired, other-audience or other-issuer one is a 401 without page data.
 */
export async function authenticate(
  request: Request,
  auth: { config: AuthConfig; verify: TokenVerifier; refresh?: boolean },
): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = /^Bearer ([\w.~+/-]+=*)$/i.exec(header.trim())?.[1];
    if (!token) throw new SignInRequired('Authorization must be "Bearer <id token>"');
    return { identity: await verified(token, auth.verify), via: 'bearer', cookies: [] };
  }
  const cookies = readCookies(request);
  const session = cookies.get(SESSION_COOKIE);
  if (session) {
    const identity = await auth.verify(session).catch(() => null);
    if (identity) return { identity, via: 'cookie', cookies: [] };
  }
  const refreshToken = cookies.get(REFRESH_COOKIE);
  if (refreshToken && auth.refresh !== false) {
    const renewed = await refreshSession(refreshToken, auth.config, auth.verify).catch(() => null);
    if (renewed) return { identity: renewed.identity, via: 'cookie', cookies: [renewed.cookie] };
  }
  throw new SignInRequired();
}

async function verified(token: string, verify: TokenVerifier): Promise<Identity> {
  try {
    return await verify(token);
  } catch (error) {
    const expired = /expired/i.test((error as Error).message);
    throw new SignInRequired(expired ? 'The token has expired: sign in again' : 'The token is not valid for this app');
  }
}

/**
 * A request that changes something, made with the session cookie, must come from this site's own
 * pages: its Origin is the app's (or, without one, the browser says same-origin). A form on another
 * site posting here gets 403, whatever cookies the browser sends along.
 */
export function requireSameOrigin(
  request: Request,
  via: Authenticated['via'],
  config: Pick<AuthConfig, 'appUrl'>,
): void {
  if (via === 'bearer') return;
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  const ours = new URL(config.appUrl).origin;
  if (origin ? origin === ours : fetchSite === 'same-origin') return;
  throw new HttpError(403, `Refused: a request from ${origin ?? 'another site'} may not use this site's session`);
}

/** Whether a request wants a page (a browser's navigation), so a missing session is a sign-in redirect. */
export function wantsPage(request: Request): boolean {
  if (request.requestContext.http.method !== 'GET') return false;
  if (request.headers.authorization !== undefined) return false;
  return request.headers['sec-fetch-mode'] === 'navigate' || (request.headers.accept ?? '').includes('text/html');
}
