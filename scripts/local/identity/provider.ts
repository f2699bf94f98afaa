import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loginPage } from './login-page.ts';
import { newSigningKey, TokenSigner, type LocalUser, type SigningKey } from './tokens.ts';

export interface IdentityProviderOptions {
  port?: number;
  /** Keep the signing key and the demo user's password here, so sessions and the password survive a restart. */
  dataDir?: string | null;
  /** Where the app client may be sent back to after sign-in and after sign-out (its CallbackURLs, LogoutURLs). */
  callbackUrls: string[];
  logoutUrls: string[];
  /** Users besides the demo administrator (tests: a user who is not an administrator). */
  users?: Array<Omit<LocalUser, 'sub'>>;
  tokenLifetimeSeconds?: number;
}

export interface LocalIdentityProvider {
  /** Where managed login is: /oauth2/authorize, /oauth2/token, /logout (a Cognito domain's paths). */
  url: string;
  issuer: string;
  jwksUri: string;
  clientId: string;
  /** The demo administrator npm start prints. */
  user: LocalUser;
  close(): Promise<void>;
}

const POOL_ID = 'us-east-1_shelfwatchLocal';
const CLIENT_ID = 'shelfwatch-local-client';
const CODE_SECONDS = 300;
const MAX_FORM_BYTES = 16 * 1024;

interface PendingCode {
  user: LocalUser;
  redirectUri: string;
  challenge: string;
  expires: number;
}

/**
 * A Cognito user pool with managed login, on loopback: the authorization-code flow with PKCE
 * (/oauth2/authorize shows a sign-in page, /oauth2/token exchanges the code or a refresh token),
 * /logout, the pool's JWKS at <issuer>/.well-known/jwks.json, and InitiateAuth
 * (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) on Cognito's JSON protocol, so the AWS SDK and scripts
 * sign in as on AWS. Tokens are RS256 with Cognito's claims; users exist only as created here.
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<LocalIdentityProvider> {
  const stored = loadOrCreate(options.dataDir ?? null);
  const admin: LocalUser = {
    email: 'demo@shelfwatch.local',
    password: stored.password,
    sub: 'demo-admin',
    groups: ['admins'],
  };
  const users = [admin, ...(options.users ?? []).map((user) => ({ ...user, sub: `user-${user.email}` }))];
  // The sign-in form's answer redirects to the app: the page's form-action must allow it.
  const formTargets = [...new Set(options.callbackUrls.map((callback) => new URL(callback).origin))];
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, LocalUser>();
  const sessions = new Map<string, LocalUser>();
  let signer: TokenSigner | undefined;

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { error: 'server_error' });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://idp.local');
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname === `/${POOL_ID}/.well-known/jwks.json`)
      return send(response, 200, signer!.jwks());
    if (method === 'GET' && url.pathname === '/oauth2/authorize') return authorize(url.searchParams, request, response);
    if (method === 'POST' && url.pathname === '/login') return login(await form(request), response);
    if (method === 'POST' && url.pathname === '/oauth2/token') return token(await form(request), response);
    if (method === 'POST' && url.pathname === '/oauth2/revoke') return revoke(await form(request), response);
    if (method === 'GET' && url.pathname === '/logout') return logout(url.searchParams, request, response);
    if (method === 'POST' && url.pathname === '/' && request.headers['x-amz-target'])
      return initiateAuth(String(request.headers['x-amz-target']), await body(request), response);
    send(response, 404, { error: 'not_found' });
  }

  /** The parameters every step of the flow carries, checked as Cognito checks them. */
  function flowError(params: URLSearchParams): string | null {
    if (params.get('client_id') !== CLIENT_ID) return 'unknown client_id';
    if (params.get('response_type') !== 'code') return 'response_type must be code';
    if (!options.callbackUrls.includes(params.get('redirect_uri') ?? ''))
      return 'redirect_uri is not a callback URL of the app client';
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge'))
      return 'PKCE (S256) is required';
    if (!(params.get('scope') ?? '').split(/[ +]/).includes('openid')) return 'scope must include openid';
    return null;
  }

  function authorize(params: URLSearchParams, request: IncomingMessage, response: ServerResponse): void {
    const problem = flowError(params);
    if (problem) return send(response, 400, { error: 'invalid_request', error_description: problem });
    // Signed in here already: straight back with a code, as managed login does.
    const session = sessions.get(cookie(request, 'idp_session') ?? '');
    if (session) return redirect(response, codeRedirect(params, session));
    html(response, 200, loginPage(Object.fromEntries(params)), formTargets);
  }

  function login(params: URLSearchParams, response: ServerResponse): void {
    const problem = flowError(params);
    if (problem) return send(response, 400, { error: 'invalid_request', error_description: problem });
    const user = users.find(
      (candidate) => candidate.email === params.get('username') && candidate.password === params.get('password'),
    );
    const hidden = Object.fromEntries([...params].filter(([name]) => name !== 'username' && name !== 'password'));
    if (!user) return html(response, 401, loginPage(hidden, 'Incorrect username or password.'), formTargets);
    const id = randomUUID();
    sessions.set(id, user);
    response.setHeader('set-cookie', `idp_session=${id}; Path=/; HttpOnly; SameSite=Lax`);
    redirect(response, codeRedirect(new URLSearchParams(hidden), user));
  }

  function codeRedirect(params: URLSearchParams, user: LocalUser): string {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      user,
      redirectUri: params.get('redirect_uri')!,
      challenge: params.get('code_challenge')!,
      expires: Date.now() + CODE_SECONDS * 1000,
    });
    const back = new URL(params.get('redirect_uri')!);
    back.searchParams.set('code', code);
    if (params.get('state')) back.searchParams.set('state', params.get('state')!);
    return back.toString();
  }

  function token(params: URLSearchParams, response: ServerResponse): void {
    if (params.get('client_id') !== CLIENT_ID) return send(response, 400, { error: 'invalid_client' });
    if (params.get('grant_type') === 'refresh_token') {
      const user = refreshTokens.get(params.get('refresh_token') ?? '');
      if (!user) return send(response, 400, { error: 'invalid_grant' });
      return send(response, 200, tokens(user, false));
    }
    if (params.get('grant_type') !== 'authorization_code')
      return send(response, 400, { error: 'unsupported_grant_type' });
    const code = params.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code); // a code is used once, whatever happens
    const verifier = params.get('code_verifier') ?? '';
    if (
      !pending ||
      pending.expires < Date.now() ||
      pending.redirectUri !== params.get('redirect_uri') ||
      createHash('sha256').update(verifier).digest('base64url') !== pending.challenge
    )
      return send(response, 400, { error: 'invalid_grant' });
    send(response, 200, tokens(pending.user, true));
  }

  function tokens(user: LocalUser, withRefresh: boolean) {
    const refresh = randomBytes(32).toString('base64url');
    if (withRefresh) refreshTokens.set(refresh, user);
    return {
      id_token: signer!.idToken(user),
      access_token: signer!.accessToken(user),
      ...(withRefresh ? { refresh_token: refresh } : {}),
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds ?? 3_600,
    };
  }

  /** Cognito's /oauth2/revoke: the refresh token no longer renews a session. */
  function revoke(params: URLSearchParams, response: ServerResponse): void {
    if (params.get('client_id') !== CLIENT_ID) return send(response, 400, { error: 'invalid_client' });
    refreshTokens.delete(params.get('token') ?? '');
    send(response, 200, {});
  }

  function logout(params: URLSearchParams, request: IncomingMessage, response: ServerResponse): void {
    if (params.get('client_id') !== CLIENT_ID) return send(response, 400, { error: 'invalid_client' });
    const to = params.get('logout_uri') ?? '';
    if (!options.logoutUrls.includes(to))
      return send(response, 400, {
        error: 'invalid_request',
        error_description: 'logout_uri is not a sign-out URL of the app client',
      });
    sessions.delete(cookie(request, 'idp_session') ?? '');
    response.setHeader('set-cookie', 'idp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    redirect(response, to);
  }

  /** Cognito's InitiateAuth, as `aws cognito-idp initiate-auth` and the SDK call it. */
  function initiateAuth(target: string, raw: string, response: ServerResponse): void {
    const fail = (type: string, message: string) =>
      send(response, 400, { __type: type, message }, 'application/x-amz-json-1.1');
    if (target !== 'AWSCognitoIdentityProviderService.InitiateAuth')
      return fail('InvalidAction', `${target} is not emulated`);
    let input: { AuthFlow?: string; ClientId?: string; AuthParameters?: Record<string, string> };
    try {
      input = JSON.parse(raw);
    } catch {
      return fail('SerializationException', 'body is not JSON');
    }
    if (input.ClientId !== CLIENT_ID) return fail('ResourceNotFoundException', 'User pool client does not exist.');
    const parameters = input.AuthParameters ?? {};
    let user: LocalUser | undefined;
    if (input.AuthFlow === 'USER_PASSWORD_AUTH')
      user = users.find(
        (candidate) => candidate.email === parameters.USERNAME && candidate.password === parameters.PASSWORD,
      );
    else if (input.AuthFlow === 'REFRESH_TOKEN_AUTH') user = refreshTokens.get(parameters.REFRESH_TOKEN ?? '');
    else return fail('InvalidParameterException', `AuthFlow ${input.AuthFlow} is not enabled for this client`);
    if (!user) return fail('NotAuthorizedException', 'Incorrect username or password.');
    const issued = tokens(user, input.AuthFlow === 'USER_PASSWORD_AUTH');
    send(
      response,
      200,
      {
        AuthenticationResult: {
          IdToken: issued.id_token,
          AccessToken: issued.access_token,
          ...(issued.refresh_token ? { RefreshToken: issued.refresh_token } : {}),
          ExpiresIn: issued.expires_in,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
      'application/x-amz-json-1.1',
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/${POOL_ID}`;
  signer = new TokenSigner(stored.key, issuer, CLIENT_ID, options.tokenLifetimeSeconds ?? 3_600);
  return {
    url,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId: CLIENT_ID,
    user: admin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function loadOrCreate(dataDir: string | null): { key: SigningKey; password: string } {
  const file = dataDir ? path.join(dataDir, 'identity.json') : null;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { key: SigningKey; password: string };
  // A password as Cognito's default policy wants one: long, mixed case, a digit.
  const created = { key: newSigningKey(), password: `Shelf-${randomBytes(9).toString('base64url')}-7a` };
  if (file) writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const form = async (request: IncomingMessage) => new URLSearchParams(await body(request));

function cookie(request: IncomingMessage, name: string): string | undefined {
  return (request.headers.cookie ?? '')
    .split(/;\s*/)
    .map((pair) => pair.split('='))
    .find(([key]) => key === name)?.[1];
}

function send(response: ServerResponse, status: number, value: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function html(response: ServerResponse, status: number, page: string, formTargets: string[]): void {
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets.join(' ')}`,
    })
    .end(page);
}

function redirect(response: ServerResponse, to: string): void {
  response.writeHead(302, { location: to, 'cache-control': 'no-store' }).end();
}
