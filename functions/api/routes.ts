import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { notFound } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, redirect, text } from '../core/http/respond.ts';
import { authenticate, SignInRequired, wantsPage, type Authenticated } from '../core/auth/authenticate.ts';
import { authRoute, type AuthDeps } from './auth-routes.ts';
import { requestedDaySchema, runIdSchema } from '../core/schemas/ids.ts';
import { loadScorecard } from '../core/scorecard/load.ts';
import { evidenceLinks, screenshotKeys } from '../core/evidence/links.ts';
import { scorecardCsv } from '../core/scorecard/csv.ts';
import { scorecardHtml } from '../core/scorecard/html/page.ts';
import { rankHistories } from '../core/scorecard/trends.ts';
import { daysPageHtml } from '../core/scorecard/html/days.ts';
import { scannedDays } from '../core/store/days/scanned-days.ts';
import type { LoadedSite } from '../core/selectors/load.ts';
import { getRunProgress } from '../core/store/runs/run-progress.ts';

export interface ApiDeps {
  tableName: string;
  bucketName: string;
  sites: LoadedSite[];
  /** How long the scorecard page's screenshot links work. */
  evidenceLinkSeconds: number;
  auth: AuthDeps;
}

/**
 * Every route: signing in and out needs no session; everything else does, from the bearer header
 * or the session cookie (core/auth/). A browser without a session is sent to sign in and brought
 * back to the page it asked for; anything else gets 401. A renewed session cookie rides along.
 */
export async function routeApi(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const open = await authRoute(event, deps.auth);
  if (open) return open;
  let session: Authenticated;
  try {
    session = await authenticate(event, deps.auth);
  } catch (error) {
    if (error instanceof SignInRequired && wantsPage(event))
      return redirect(`/auth/login?${new URLSearchParams({ next: requestedPath(event) })}`);
    throw error;
  }
  const response = await sessionRoute(event, deps);
  return session.cookies.length
    ? { ...response, cookies: [...(response.cookies ?? []), ...session.cookies] }
    : response;
}

async function sessionRoute(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  switch (event.routeKey) {
    case 'GET /scorecards/{date}':
      return getScorecard(event, deps);
    case 'GET /runs/{id}':
      return getRun(event, deps);
    case 'GET /':
      return text(200, daysPageHtml(await scannedDays(deps.tableName)), 'text/html; charset=utf-8', {
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
    default:
      throw notFound(`No route ${event.requestContext.http.method} ${event.rawPath}`);
  }
}

/** The path and query the browser asked for, to come back to after signing in. */
function requestedPath(event: HttpEvent): string {
  return `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}

async function getScorecard(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const date = parseInput('date', event.pathParameters?.date, requestedDaySchema);
  const query = parseInput('query', event.queryStringParameters ?? {}, scorecardQuery(deps.sites));
  const card = await loadScorecard(deps.tableName, date, { site: query.site, market: query.market });
  if (!card) throw notFound(`No observations for ${date}: no scan ran that day`);
  if (query.format === 'html') {
    const [trends, links] = await Promise.all([
      rankHistories(card, deps.tableName),
      evidenceLinks(deps.bucketName, screenshotKeys(card), deps.evidenceLinkSeconds),
    ]);
    return text(200, scorecardHtml(card, trends, links), 'text/html; charset=utf-8', {
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
  }
  if (query.format === 'csv') {
    return text(200, scorecardCsv(card), 'text/csv; charset=utf-8', {
      'content-disposition': `attachment; filename="shelfwatch-${date}.csv"`,
    });
  }
  return json(200, card);
}

function scorecardQuery(sites: LoadedSite[]) {
  const known = (values: string[], what: string) =>
    z.string().refine((value) => values.includes(value), {
      error: (issue) =>
        `unknown ${what} "${String(issue.input)}" (configured: ${[...new Set(values)].sort().join(', ')})`,
    });
  return z.strictObject({
    market: known(
      sites.map((site) => site.market),
      'market',
    ).optional(),
    site: known(
      sites.map((site) => site.site),
      'site',
    ).optional(),
    format: z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' }).default('json'),
  });
}

async function getRun(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const runId = parseInput('id', event.pathParameters?.id, runIdSchema);
  const progress = await getRunProgress(deps.tableName, runId);
  if (!progress) throw notFound(`No run ${runId}`);
  return json(200, progress);
}
