import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { notFound } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, text } from '../core/http/respond.ts';
import { shiftDay } from '../core/scorecard/build.ts';
import { loadScorecard } from '../core/scorecard/load.ts';
import { evidenceLinks, screenshotKeys } from '../core/pipeline/evidence-links.ts';
import { scorecardCsv } from '../core/scorecard/csv.ts';
import { scorecardHtml, type RankHistory } from '../core/scorecard/html.ts';
import type { Observation } from '../core/store/model.ts';
import { daysPageHtml } from '../core/scorecard/days-page.ts';
import { scannedDays } from '../core/store/scanned-days.ts';
import type { LoadedSite } from '../core/selectors/load.ts';
import { queryHistory } from '../core/store/observation-queries.ts';
import { jobKey } from '../core/jobs/expand.ts';
import type { Scorecard } from '../core/scorecard/types.ts';
import { getRunProgress } from '../core/store/run-progress.ts';

export interface ApiDeps {
  tableName: string;
  bucketName: string;
  sites: LoadedSite[];
  /** How long the scorecard page's screenshot links work. */
  evidenceLinkSeconds: number;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' })
  .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date), { error: 'not a calendar date' })
  .refine((date) => date >= '2000-01-01' && date <= new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10), { error: 'out of range (2000-01-01 to tomorrow)' });

const runIdSchema = z.string().regex(/^[\w-]{1,80}$/, { error: 'expected a run id such as 2026-11-23-1a2b3c4d' });

export async function routeApi(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  switch (event.routeKey) {
    case 'GET /scorecards/{date}':
      return getScorecard(event, deps);
    case 'GET /runs/{id}':
      return getRun(event, deps);
    case 'GET /':
      return text(200, daysPageHtml(await scannedDays(deps.tableName)), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    default:
      throw notFound(`No route ${event.requestContext.http.method} ${event.rawPath}`);
  }
}

async function getScorecard(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const date = parseInput('date', event.pathParameters?.date, isoDate);
  const query = parseInput('query', event.queryStringParameters ?? {}, scorecardQuery(deps.sites));
  const card = await loadScorecard(deps.tableName, date, { site: query.site, market: query.market });
  if (!card) throw notFound(`No observations for ${date}: no scan ran that day`);
  if (query.format === 'html') {
    const [trends, links] = await Promise.all([rankHistories(card, deps.tableName), evidenceLinks(deps.bucketName, screenshotKeys(card), deps.evidenceLinkSeconds)]);
    return text(200, scorecardHtml(card, trends, links), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  }
  if (query.format === 'csv') {
    return text(200, scorecardCsv(card), 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="shelfwatch-${date}.csv"` });
  }
  return json(200, card);
}

/** The last 30 days of our best organic rank for every search keyword on the card, for its trend line. */
async function rankHistories(card: Scorecard, tableName: string): Promise<RankHistory> {
  const from = shiftDay(card.date, -(TREND_DAYS - 1));
  const histories: RankHistory = new Map();
  await Promise.all(
    card.targets.flatMap((target) =>
      target.search.map(async (row) => {
        const key = jobKey({ site: target.site, market: target.market, page: row.page, kind: 'search', keyword: row.keyword });
        const history = await queryHistory(tableName, key, from, card.date);
        const rankOf = (o: Observation) => (o.status === 'ok' && o.summary && 'ourBestOrganicRank' in o.summary ? o.summary.ourBestOrganicRank : null);
        histories.set(key, history.sort((a, b) => a.date.localeCompare(b.date)).map((o) => ({ date: o.date, rank: rankOf(o) })));
      }),
    ),
  );
  return histories;
}

const TREND_DAYS = 30;

function scorecardQuery(sites: LoadedSite[]) {
  const known = (values: string[], what: string) =>
    z.string().refine((value) => values.includes(value), { error: (issue) => `unknown ${what} "${String(issue.input)}" (configured: ${[...new Set(values)].sort().join(', ')})` });
  return z.strictObject({
    market: known(sites.map((site) => site.market), 'market').optional(),
    site: known(sites.map((site) => site.site), 'site').optional(),
    format: z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' }).default('json'),
  });
}

async function getRun(event: HttpEvent, deps: ApiDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const runId = parseInput('id', event.pathParameters?.id, runIdSchema);
  const progress = await getRunProgress(deps.tableName, runId);
  if (!progress) throw notFound(`No run ${runId}`);
  return json(200, progress);
}
