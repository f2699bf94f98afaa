import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKey, TokenSigner, type SigningKey } from '../../../scripts/local/identity/tokens.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * Signing in as a browser does (the authorization-code flow with PKCE against the local pool's
 * managed login, then the API's own session cookie), and every way in that must be refused.
 */
let dir: string;
let stack: LocalStack;
let poolKey: SigningKey;
const TODAY = new Date().toISOString().slice(0, 10);
const PAGE = { accept: 'text/html' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-signin-'));
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: path.join(dir, 'data'),
    users: [{ email: 'viewer@shelfwatch.local', password: 'Viewer-password-1', groups: [] }],
  });
  // The pool's own key, as it keeps it in the data folder: to sign tokens that are wrong in one way only.
  poolKey = (JSON.parse(await readFile(path.join(dir, 'data', 'identity.json'), 'utf8')) as { key: SigningKey }).key;
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

/** One request without following redirects, cookies as a browser would send them. */
async function request(url: string, init: RequestInit & { cookies?: Map<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookies?.size)
    headers.set('cookie', [...init.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  const setCookies = response.headers.getSetCookie();
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at);
    const value = pair!.slice(at + 1);
    if (/Max-Age=0/.test(line)) init.cookies?.delete(name);
    else init.cookies?.set(name, value);
  }
  return { response, setCookies, location: response.headers.get('location') ?? '', body: await response.text() };
}

/** The whole browser flow: the page asked for → sign-in → back to it, with the session cookies. */
async function signInAsBrowser(next: string, user = stack.idp.user) {
  const app = new Map<string, string>();
  const idp = new Map<string, string>();
  const first = await request(`${stack.http.url}${next}`, { headers: PAGE, cookies: app });
  expect(first.response.status).toBe(302);
  expect(first.location).toBe(`/auth/login?${new URLSearchParams({ next })}`);
  const login = await request(`${stack.http.url}${first.location}`, { cookies: app });
  expect(login.location.startsWith(`${stack.idp.url}/oauth2/authorize?`)).toBe(true);
  const authorize = new URL(login.location);
  expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
    response_type: 'code',
    client_id: stack.idp.clientId,
    redirect_uri: `${stack.http.url}/auth/callback`,
    code_challenge_method: 'S256',
  });
  const form = await request(login.location, { cookies: idp });
  expect(form.body).toContain('Sign in to shelfwatch');
  const hidden = new URLSearchParams(Object.fromEntries(authorize.searchParams));
  hidden.set('username', user.email);
  hidden.set('password', user.password);
  const posted = await request(`${stack.idp.url}/login`, {
    method: 'POST',
    body: hidden,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: idp,
  });
  expect(posted.response.status).toBe(302);
  const callback = await request(posted.location, { cookies: app });
  return { app, idp, callback, authorize };
}

const cookieHeader = (cookies: Map<string, string>) =>
  [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

describe('Signing in with a browser', () => {
  it('a page asked for without a session goes to managed login and comes back to it, signed in with HttpOnly cookies', async () => {
    const { app, callback } = await signInAsBrowser(`/scorecards/${TODAY}?market=fr`);
    expect(callback.response.status).toBe(302);
    expect(callback.location).toBe(`/scorecards/${TODAY}?market=fr`);
    const session = callback.setCookies.find((line) => line.startsWith('shelfwatch_session='))!;
    expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(Number(/Max-Age=(\d+)/.exec(session)![1])).toBeGreaterThan(3_000);
    expect(callback.setCookies.find((line) => line.startsWith('shelfwatch_refresh='))).toMatch(
      /HttpOnly; SameSite=Lax; Max-Age=2592000/,
    );
    // The page now answers with the session (no scan ran today: 404, which is past the sign-in).
    const page = await request(`${stack.http.url}/`, { headers: PAGE, cookies: app });
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('Digital shelf');
  });

  it('a scorecard link opens after sign-in for a user who is no administrator too', async () => {
    const { app, callback } = await signInAsBrowser('/', {
      email: 'viewer@shelfwatch.local',
      password: 'Viewer-password-1',
      sub: '',
      groups: [],
    });
    expect(callback.location).toBe('/');
    expect((await request(`${stack.http.url}/`, { headers: PAGE, cookies: app })).response.status).toBe(200);
  });

  it('a wrong password stays on the sign-in page, saying so, and issues no code', async () => {
    const login = await request(`${stack.http.url}/auth/login?next=/`, { cookies: new Map() });
    const params = new URLSearchParams(Object.fromEntries(new URL(login.location).searchParams));
    params.set('username', stack.idp.user.email);
    params.set('password', 'not-the-password');
    const posted = await request(`${stack.idp.url}/login`, {
      method: 'POST',
      body: params,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.response.status).toBe(401);
    expect(posted.body).toContain('Incorrect username or password.');
    expect(posted.location).toBe('');
  });

  it('an expired session is renewed with the refresh cookie, in the same request', async () => {
    const { app } = await signInAsBrowser('/');
    const signer = new TokenSigner(poolKey, stack.idp.issuer, stack.idp.clientId, 3_600);
    app.set('shelfwatch_session', signer.idToken(stack.idp.user, Date.now() - 2 * 3_600_000));
    const page = await request(`${stack.http.url}/`, { headers: PAGE, cookies: app });
    expect(page.response.status).toBe(200);
    expect(page.setCookies.some((line) => line.startsWith('shelfwatch_session='))).toBe(true);
  });

  it('sign-out clears the cookies, revokes the refresh token, and the page asks for sign-in again', async () => {
    const { app, idp } = await signInAsBrowser('/');
    const refresh = app.get('shelfwatch_refresh')!;
    const out = await request(`${stack.http.url}/auth/logout`, { cookies: app });
    expect(out.location.startsWith(`${stack.idp.url}/logout?`)).toBe(true);
    expect(
      out.setCookies
        .filter((line) => /Max-Age=0/.test(line))
        .map((line) => line.split('=')[0])
        .sort(),
    ).toEqual(['shelfwatch_login', 'shelfwatch_refresh', 'shelfwatch_session']);
    const back = await request(out.location, { cookies: idp });
    expect(back.location).toBe(`${stack.http.url}/auth/signed-out`);
    expect((await request(back.location)).body).toContain('Signed out');
    expect(app.size).toBe(0);
    const again = await request(`${stack.http.url}/`, { headers: PAGE, cookies: app });
    expect(again.response.status).toBe(302);
    expect(again.location).toBe('/auth/login?next=%2F');
    // The old refresh token renews nothing now, even sent by hand.
    const stale = await request(`${stack.http.url}/`, {
      headers: PAGE,
      cookies: new Map([['shelfwatch_refresh', refresh]]),
    });
    expect(stale.response.status).toBe(302);
  });
});

describe('Scripts keep the bearer header', () => {
  it('an id token from USER_PASSWORD_AUTH works; the API answers JSON, never a redirect', async () => {
    const token = await stack.signIn();
    const days = await request(`${stack.http.url}/runs/${TODAY}-nothing00`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(days.response.status).toBe(404);
    const anonymous = await request(`${stack.http.url}/runs/${TODAY}-nothing00`, {
      headers: { accept: 'application/json' },
    });
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('Tokens and cookies that must be refused (401, no page data)', () => {
  const signer = () => new TokenSigner(poolKey, stack.idp.issuer, stack.idp.clientId, 3_600);
  const tampered = (token: string, claims: Record<string, unknown>) => {
    const [header, payload, signature] = token.split('.');
    const changed = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...claims };
    return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
  };
  const cases: Array<[string, () => string]> = [
    [
      'signed by another key (forged)',
      () => new TokenSigner(newSigningKey(), stack.idp.issuer, stack.idp.clientId, 3_600).idToken(stack.idp.user),
    ],
    ['expired', () => signer().idToken(stack.idp.user, Date.now() - 2 * 3_600_000)],
    [
      'for another app client (audience)',
      () => new TokenSigner(poolKey, stack.idp.issuer, 'another-client', 3_600).idToken(stack.idp.user),
    ],
    [
      'from another issuer',
      () =>
        new TokenSigner(
          poolKey,
          'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other',
          stack.idp.clientId,
          3_600,
        ).idToken(stack.idp.user),
    ],
    ['an access token, not an id token', () => signer().accessToken(stack.idp.user)],
    [
      'with its claims changed after signing (another user, admin)',
      () => tampered(signer().idToken(stack.idp.user), { sub: 'someone-else', 'cognito:groups': ['admins'] }),
    ],
    [
      'with alg none and no signature',
      () => {
        const [, payload] = signer().idToken(stack.idp.user).split('.');
        return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      },
    ],
  ];

  it.each(cases)('a bearer token %s', async (_title, make) => {
    const response = await request(`${stack.http.url}/scorecards/${TODAY}`, {
      headers: { authorization: `Bearer ${make()}` },
    });
    expect(response.response.status).toBe(401);
    expect(response.body).not.toContain('targets');
  });

  it.each(cases)('a session cookie %s sends a browser to sign in, and a script gets 401', async (_title, make) => {
    const cookies = new Map([['shelfwatch_session', make()]]);
    const page = await request(`${stack.http.url}/scorecards/${TODAY}`, { headers: PAGE, cookies });
    expect(page.response.status).toBe(302);
    expect(page.location.startsWith('/auth/login?')).toBe(true);
    const api = await request(`${stack.http.url}/scorecards/${TODAY}`, { cookies: new Map(cookies) });
    expect(api.response.status).toBe(401);
  });
});

describe('Sign-in steps that must be refused', () => {
  it.each([
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['https:evil.example'],
    ['/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n')],
    [' /scorecards'],
  ])('sign-in with next=%j is a 400 (no open redirect)', async (next) => {
    const response = await request(`${stack.http.url}/auth/login?${new URLSearchParams({ next })}`);
    expect(response.response.status).toBe(400);
    expect(response.body).toContain('next: must be a path on this site');
    expect(response.location).toBe('');
  });

  it('a callback whose state is not this browser’s, or with no sign-in begun, or a code used twice, is refused', async () => {
    const { app, authorize, callback } = await signInAsBrowser('/');
    expect(callback.response.status).toBe(302);
    const code = new URL(callback.response.url || `${stack.http.url}/auth/callback`).searchParams.get('code');
    // Replaying the same callback URL: the code is spent and the sign-in cookie gone.
    const replay = await request(
      `${stack.http.url}/auth/callback?code=${code ?? 'x'}&state=${authorize.searchParams.get('state')}`,
      {
        cookies: app,
      },
    );
    expect(replay.response.status).toBe(400);
    const start = await request(`${stack.http.url}/auth/login?next=/`, { cookies: new Map() });
    const pending = new Map(start.setCookies.map((line) => line.split(';')[0]!.split('=') as [string, string]));
    const wrongState = await request(`${stack.http.url}/auth/callback?code=whatever&state=not-the-state`, {
      cookies: pending,
    });
    expect(wrongState.response.status).toBe(400);
    expect(wrongState.body).toContain('does not match the one this browser began');
    const noCookie = await request(`${stack.http.url}/auth/callback?code=whatever&state=x`);
    expect(noCookie.body).toContain('expired or began in another browser');
    const badCode = await request(
      `${stack.http.url}/auth/callback?code=made-up&state=${new URL(start.location).searchParams.get('state')}`,
      {
        cookies: pending,
      },
    );
    expect(badCode.response.status).toBe(401);
    expect(badCode.setCookies.some((line) => line.startsWith('shelfwatch_session='))).toBe(false);
  });

  it('the pool refuses a redirect_uri that is not the app’s callback, and a code without its PKCE verifier', async () => {
    const start = await request(`${stack.http.url}/auth/login?next=/`);
    const authorize = new URL(start.location);
    authorize.searchParams.set('redirect_uri', 'https://evil.example/callback');
    expect((await request(authorize.toString())).response.status).toBe(400);
    const token = await fetch(`${stack.idp.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: stack.idp.clientId,
        code: 'x',
        redirect_uri: `${stack.http.url}/auth/callback`,
      }),
    });
    expect(token.status).toBe(400);
  });

  it('no one can sign up: the pool has no sign-up, users are created by an administrator', async () => {
    expect((await request(`${stack.idp.url}/signup`)).response.status).toBe(404);
  });
});

describe('POST /scans from another site (CSRF)', () => {
  it('is refused with the session cookie unless the request comes from this site’s own pages; a bearer token needs no origin', async () => {
    const { app } = await signInAsBrowser('/');
    const post = (headers: Record<string, string>) =>
      request(`${stack.http.url}/scans`, {
        method: 'POST',
        body: JSON.stringify({ markets: ['fr'], kinds: ['placement'] }),
        headers: { 'content-type': 'application/json', cookie: cookieHeader(app), ...headers },
      });
    const evil = await post({ origin: 'https://evil.example' });
    expect(evil.response.status).toBe(403);
    expect(evil.body).toContain('may not use this site');
    expect((await post({ 'sec-fetch-site': 'cross-site' })).response.status).toBe(403);
    expect((await post({})).response.status).toBe(403);
    const ours = await post({ origin: new URL(stack.http.url).origin });
    expect(ours.response.status).toBe(202);
    const script = await request(`${stack.http.url}/scans`, {
      method: 'POST',
      body: JSON.stringify({ markets: ['fr'], kinds: ['placement'] }),
      headers: { authorization: `Bearer ${await stack.signIn()}`, origin: 'https://evil.example' },
    });
    expect(script.response.status).toBe(202);
  });
});
