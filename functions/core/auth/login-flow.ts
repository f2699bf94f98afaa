import { createHash, randomBytes } from 'node:crypto';
import { badRequest, HttpError } from '../http/errors.ts';
import type { AuthConfig } from './config.ts';
import { clearCookie, LOGIN_COOKIE, REFRESH_COOKIE, REFRESH_SECONDS, SESSION_COOKIE, setCookie } from './cookies.ts';
import { safeNextPath } from './next-path.ts';
import type { Identity, TokenVerifier } from './verify-token.ts';

/** A redirect with the cookies it sets: what each step of signing in answers. */
export interface Redirect {
  location: string;
  cookies: string[];
}

/** Sign-in may take this long between leaving for managed login and coming back. */
const LOGIN_SECONDS = 600;

export const callbackUrl = (config: Pick<AuthConfig, 'appUrl'>) => `${config.appUrl}/auth/callback`;
export const signedOutUrl = (config: Pick<AuthConfig, 'appUrl'>) => `${config.appUrl}/auth/signed-out`;

/**
 * The first step: off to managed login with the authorization-code flow and PKCE (S256). The
 * state, the code verifier and the page asked for wait in a short-lived cookie of this site.
 */
export function startLogin(next: string | undefined, config: AuthConfig): Redirect {
  const state = randomBytes(18).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const pending = Buffer.from(JSON.stringify({ state, verifier, next: safeNextPath(next, config.appUrl) })).toString(
    'base64url',
  );
  const authorize = new URL('/oauth2/authorize', config.loginDomain);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: callbackUrl(config),
    scope: 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { location: authorize.toString(), cookies: [setCookie(LOGIN_COOKIE, pending, LOGIN_SECONDS, config.appUrl)] };
}

/**
 * Back from managed login: the state must be this browser's, the code is exchanged with its
 * verifier, the id token verified, and the session set: the id token (until it expires) and the
 * refresh token, both HttpOnly. Then to the page first asked for.
 */
export async function finishLogin(
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  loginCookie: string | undefined,
  config: AuthConfig,
  verify: TokenVerifier,
  now = Date.now(),
): Promise<Redirect> {
  if (query.error)
    throw new HttpError(401, `Sign-in did not complete (${query.error.slice(0, 100)}); start again at /auth/login`);
  const pending = readPending(loginCookie);
  if (!pending) throw badRequest('This sign-in expired or began in another browser; start again at /auth/login');
  if (!query.code || !query.state || query.state !== pending.state)
    throw badRequest('This sign-in does not match the one this browser began; start again at /auth/login');
  const tokens = await tokenRequest(config, {
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code: query.code,
    redirect_uri: callbackUrl(config),
    code_verifier: pending.verifier,
  });
  if (!tokens?.id_token) throw new HttpError(401, 'Managed login refused the sign-in code; start again at /auth/login');
  const identity = await verify(tokens.id_token);
  return {
    location: safeNextPath(pending.next, config.appUrl),
    cookies: [
      sessionCookie(tokens.id_token, identity, config, now),
      ...(tokens.refresh_token
        ? [setCookie(REFRESH_COOKIE, tokens.refresh_token, REFRESH_SECONDS, config.appUrl)]
        : []),
      clearCookie(LOGIN_COOKIE, config.appUrl),
    ],
  };
}

/** A new id token from the refresh token, or null when the pool no longer takes it (expired, revoked). */
export async function refreshSession(
  refreshToken: string,
  config: AuthConfig,
  verify: TokenVerifier,
  now = Date.now(),
): Promise<{ identity: Identity; cookie: string } | null> {
  const tokens = await tokenRequest(config, {
    grant_type: 'refresh_token',
    client_id: config.clientId,
    refresh_token: refreshToken,
  });
  if (!tokens?.id_token) return null;
  const identity = await verify(tokens.id_token);
  return { identity, cookie: sessionCookie(tokens.id_token, identity, config, now) };
}

/**
 * Sign-out: the refresh token revoked (it renews no session after), this site's cookies cleared,
 * then managed login's own session, then back to a plain page.
 */
export async function logout(refreshToken: string | undefined, config: AuthConfig): Promise<Redirect> {
  if (refreshToken) {
    // Best effort: the cookies go whatever the pool answers; a refresh token lapses in 30 days anyway.
    await fetch(new URL('/oauth2/revoke', config.loginDomain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: config.clientId }).toString(),
      signal: AbortSignal.timeout(5_000),
      redirect: 'error',
    }).catch(() => undefined);
  }
  const end = new URL('/logout', config.loginDomain);
  end.search = new URLSearchParams({ client_id: config.clientId, logout_uri: signedOutUrl(config) }).toString();
  return {
    location: end.toString(),
    cookies: [SESSION_COOKIE, REFRESH_COOKIE, LOGIN_COOKIE].map((name) => clearCookie(name, config.appUrl)),
  };
}

function sessionCookie(idToken: string, identity: Identity, config: AuthConfig, now: number): string {
  return setCookie(SESSION_COOKIE, idToken, identity.expiresAt - now / 1000, config.appUrl);
}

function readPending(cookie: string | undefined): { state: string; verifier: string; next: string } | null {
  if (!cookie) return null;
  try {
    const value = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof value.state === 'string' && typeof value.verifier === 'string' && typeof value.next === 'string')
      return { state: value.state, verifier: value.verifier, next: value.next };
  } catch {
    // a tampered or truncated cookie is no sign-in
  }
  return null;
}

/** Managed login's token endpoint (a public client: no secret). Null when it refuses. */
async function tokenRequest(
  config: AuthConfig,
  form: Record<string, string>,
): Promise<{ id_token?: string; refresh_token?: string } | null> {
  const response = await fetch(new URL('/oauth2/token', config.loginDomain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(5_000),
    redirect: 'error',
  });
  if (!response.ok) return null;
  return (await response.json()) as { id_token?: string; refresh_token?: string };
}
