import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  authenticate,
  requireSameOrigin,
  SignInRequired,
  wantsPage,
  type Authenticated,
} from '../core/auth/authenticate.ts';
import { ADMIN_GROUP } from '../core/auth/groups.ts';
import { notFound } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, redirect } from '../core/http/respond.ts';
import { runIdSchema } from '../core/schemas/ids.ts';
import type { LoadedSite } from '../core/selectors/load.ts';
import { getRunProgress } from '../core/store/runs/run-progress.ts';
import { authRoute, type AuthDeps } from './auth-routes.ts';
import { getDays, getLanding, getMarket, getScorecard } from './day-routes.ts';
import type { Viewer } from './responses.ts';
import { getEvidence } from './evidence-route.ts';
import { getHistory } from './history-route.ts';
import { getShared, getShares, postRevoke, postShare } from './share-routes.ts';

export interface ApiDeps {
  tableName: string;
  bucketName: string;
  sites: LoadedSite[];
  auth: AuthDeps;
}

/**
 * Every route. Signing in and out and shared links need no session; everything else does, from
 * the bearer header or the session cookie (core/auth/). A browser without a session is sent to
 * sign in and brought back to the page it asked for; anything else gets 401. A form that changes
 * something must come from this site's pages. A renewed session cookie rides along.
 */
export async function routeApi(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const open = await authRoute(event, deps.auth);
  if (open) return open;
  if (event.routeKey === 'GET /s/{id}') return getShared(event, deps);
  let session: Authenticated;
  try {
    session = await authenticate(event, deps.auth);
  } catch (error) {
    if (error instanceof SignInRequired && wantsPage(event))
      return redirect(`/auth/login?${new URLSearchParams({ next: requestedPath(event) })}`);
    throw error;
  }
  if (event.requestContext.http.method !== 'GET') requireSameOrigin(event, session.via, deps.auth.config);
  const viewer: Viewer = { identity: session.identity, admin: session.identity.groups.includes(ADMIN_GROUP) };
  const response = await sessionRoute(event, deps, viewer);
  return session.cookies.length
    ? { ...response, cookies: [...(response.cookies ?? []), ...session.cookies] }
    : response;
}

async function sessionRoute(
  event: HttpEvent,
  deps: ApiDeps,
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const appUrl = deps.auth.config.appUrl;
  switch (event.routeKey) {
    case 'GET /':
      return getLanding(deps, viewer);
    case 'GET /days':
      return getDays(deps, viewer);
    case 'GET /scorecards/{date}':
      return getScorecard(event, deps, viewer);
    case 'GET /scorecards/{date}/{site}/{market}':
      return getMarket(event, deps, viewer);
    case 'GET /runs/{id}': {
      const runId = parseInput('id', event.pathParameters?.id, runIdSchema);
      const progress = await getRunProgress(deps.tableName, runId);
      if (!progress) throw notFound(`No run ${runId}`);
      return json(200, progress);
    }
    case 'GET /evidence/{key+}':
      return getEvidence(event, deps.bucketName);
    case 'GET /history':
      return getHistory(event, { ...deps, appUrl }, viewer);
    case 'GET /shares':
      return getShares(deps, viewer);
    case 'POST /shares':
      return postShare(event, { ...deps, appUrl }, viewer);
    case 'POST /shares/{id}/revoke':
      return postRevoke(event, deps, viewer);
    default:
      throw notFound(`No route ${event.requestContext.http.method} ${event.rawPath}`);
  }
}

/** The path and query the browser asked for, to come back to after signing in. */
function requestedPath(event: HttpEvent): string {
  return `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}
