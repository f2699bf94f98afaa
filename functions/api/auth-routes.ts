import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import type { AuthConfig } from '../core/auth/config.ts';
import { LOGIN_COOKIE, readCookies, REFRESH_COOKIE } from '../core/auth/cookies.ts';
import { finishLogin, logout, startLogin } from '../core/auth/login-flow.ts';
import type { TokenVerifier } from '../core/auth/verify-token.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { redirect, text } from '../core/http/respond.ts';
import { signedOutHtml } from '../core/app-pages/signed-out.ts';

export interface AuthDeps {
  config: AuthConfig;
  verify: TokenVerifier;
}

const PAGE_POLICY = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" };

/** The routes that need no session: signing in and out. Null for any other route. */
export async function authRoute(event: HttpEvent, auth: AuthDeps): Promise<APIGatewayProxyStructuredResultV2 | null> {
  switch (event.routeKey) {
    case 'GET /auth/login': {
      const { next } = parseInput(
        'query',
        event.queryStringParameters ?? {},
        z.strictObject({ next: z.string().optional() }),
      );
      const start = startLogin(next, auth.config);
      return redirect(start.location, start.cookies);
    }
    case 'GET /auth/callback': {
      const query = parseInput(
        'query',
        event.queryStringParameters ?? {},
        z.looseObject({
          code: z.string().max(2_000).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(500).optional(),
        }),
      );
      const done = await finishLogin(query, readCookies(event).get(LOGIN_COOKIE), auth.config, auth.verify);
      return redirect(done.location, done.cookies);
    }
    case 'GET /auth/logout': {
      const out = await logout(readCookies(event).get(REFRESH_COOKIE), auth.config);
      return redirect(out.location, out.cookies);
    }
    case 'GET /auth/signed-out':
      return text(200, signedOutHtml(), 'text/html; charset=utf-8', PAGE_POLICY);
    default:
      return null;
  }
}
