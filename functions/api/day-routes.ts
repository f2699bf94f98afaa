import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { badRequest, notFound } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, redirect, text } from '../core/http/respond.ts';
import { requestedDaySchema } from '../core/schemas/ids.ts';
import { addStatusCounts } from '../core/scorecard/build.ts';
import { scorecardCsv } from '../core/scorecard/csv.ts';
import { daysPageHtml } from '../core/scorecard/html/days.ts';
import { PAGE_HEADERS } from '../core/scorecard/html/layout.ts';
import { marketPath, summaryPath } from '../core/scorecard/app-paths.ts';
import { marketPageHtml, WINDOWS } from '../core/scorecard/html/market.ts';
import { summaryPageHtml } from '../core/scorecard/html/summary.ts';
import type { Scorecard } from '../core/scorecard/types.ts';
import type { DaySummary } from '../core/scorecard/views/model.ts';
import {
  readDayCsv,
  readDaySummary,
  readMarketCsv,
  readMarketView,
  readWholeDay,
  readWholeMarket,
} from '../core/scorecard/views/read-views.ts';
import type { LoadedSite } from '../core/selectors/load.ts';
import { dayNeighbours, dayOverviews, scannedDays } from '../core/store/days/scanned-days.ts';
import type { Identity } from '../core/auth/verify-token.ts';

export interface DayDeps {
  tableName: string;
  bucketName: string;
  sites: LoadedSite[];
}

export interface Viewer {
  identity: Identity;
  admin: boolean;
}

export const htmlPage = (body: string, status = 200) => text(status, body, 'text/html; charset=utf-8', PAGE_HEADERS);

/** JSON unless a browser asked for a page (or ?format= says otherwise). */
function formatOf(event: HttpEvent, asked: 'json' | 'csv' | 'html' | undefined): 'json' | 'csv' | 'html' {
  if (asked) return asked;
  return (event.headers.accept ?? '').includes('text/html') ? 'html' : 'json';
}

const known = (values: string[], what: string) =>
  z.string().refine((value) => values.includes(value), {
    error: (issue) =>
      `unknown ${what} "${String(issue.input)}" (configured: ${[...new Set(values)].sort().join(', ')})`,
  });

const formatSchema = z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' }).optional();

/** Which part of a large market's search rows (1 is the first): the page and its JSON come in parts. */
export const partSchema = z.coerce.number({ error: 'expected a part number' }).int().min(1).max(10_000).default(1);

/** GET /days: the days, newest first, with how each went. */
export async function getDays(deps: DayDeps, viewer: Viewer) {
  return htmlPage(daysPageHtml(await dayOverviews(deps.tableName), viewer.identity));
}

/** GET /: the latest day's summary (at its own address, so it can be kept and sent); before any scan, the list of days. */
export async function getLanding(deps: DayDeps, viewer: Viewer) {
  const [latest] = await scannedDays(deps.tableName, 1);
  return latest ? redirect(summaryPath(latest)) : getDays(deps, viewer);
}

/**
 * GET /scorecards/{date}: a browser gets the day's summary; JSON and CSV get the whole day (one
 * stored file), or for a day too large to be one response, its summary and where its markets are.
 * `?market=` and `?site=` narrow JSON and CSV to those markets (a read per market) and send a
 * browser to the market's page.
 */
export async function getScorecard(
  event: HttpEvent,
  deps: DayDeps,
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const date = parseInput('date', event.pathParameters?.date, requestedDaySchema);
  const query = parseInput(
    'query',
    event.queryStringParameters ?? {},
    z.strictObject({
      market: known(
        deps.sites.map((site) => site.market),
        'market',
      ).optional(),
      site: known(
        deps.sites.map((site) => site.site),
        'site',
      ).optional(),
      format: formatSchema,
    }),
  );
  const format = formatOf(event, query.format);
  if (query.market || query.site) return narrowed(date, query, format, deps, viewer);
  if (format === 'html') {
    const summary = await readDaySummary(deps, date);
    if (!summary) return noDay(date, format);
    const around = await dayNeighbours(deps.tableName, date);
    return htmlPage(summaryPageHtml(summary, { ...around, user: viewer.identity, canShare: viewer.admin }));
  }
  if (format === 'csv') {
    const csv = await readDayCsv(deps, date);
    if (csv === null) return noDay(date, format);
    if (csv === 'split')
      throw badRequest(`${date} is too large for one file: add ?market= (and ?site=), or export it with /history`);
    return csvFile(csv, `shelfwatch-${date}.csv`);
  }
  const whole = await readWholeDay(deps, date);
  if (!whole) return noDay(date, format);
  return json(200, 'targets' in whole ? whole : splitDay(whole));
}

/**
 * GET /scorecards/{date}/{site}/{market}: one market's page or JSON, with its trends over 7, 30 or
 * 90 days, a part of its search rows at a time (?part=); its CSV whole.
 */
export async function getMarket(
  event: HttpEvent,
  deps: DayDeps,
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const date = parseInput('date', event.pathParameters?.date, requestedDaySchema);
  const site = parseInput(
    'site',
    event.pathParameters?.site,
    known(
      deps.sites.map((entry) => entry.site),
      'site',
    ),
  );
  const market = parseInput(
    'market',
    event.pathParameters?.market,
    known(
      deps.sites.filter((entry) => entry.site === site).map((entry) => entry.market),
      `market of ${site}`,
    ),
  );
  const query = parseInput(
    'query',
    event.queryStringParameters ?? {},
    z.strictObject({
      days: z.enum(WINDOWS.map(String) as [string, ...string[]], { error: 'expected 7, 30 or 90' }).default('30'),
      part: partSchema,
      format: formatSchema,
    }),
  );
  const format = formatOf(event, query.format);
  if (format === 'csv') {
    const csv = await readMarketCsv(deps, date, site, market);
    if (csv === null) throw notFound(`No observations of ${site}/${market} on ${date}`);
    return csvFile(csv, `shelfwatch-${date}-${site}-${market}.csv`);
  }
  const view = await readMarketView(deps, date, site, market, query.part - 1);
  if (!view) {
    const first = query.part > 1 ? await readMarketView(deps, date, site, market) : null;
    throw notFound(
      first
        ? `${site}/${market} on ${date} has ${first.part.count} part${first.part.count === 1 ? '' : 's'}, not ${query.part}`
        : `No observations of ${site}/${market} on ${date}`,
    );
  }
  if (format === 'json') return json(200, view);
  const around = await dayNeighbours(deps.tableName, date);
  return htmlPage(
    marketPageHtml(view, { days: Number(query.days), ...around, user: viewer.identity, canShare: viewer.admin }),
  );
}

async function narrowed(
  date: string,
  query: { site?: string | undefined; market?: string | undefined },
  format: 'json' | 'csv' | 'html',
  deps: DayDeps,
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const pairs = deps.sites.filter(
    (entry) => (!query.site || entry.site === query.site) && (!query.market || entry.market === query.market),
  );
  if (format === 'html') {
    if (pairs.length === 1) return redirect(marketPath(date, pairs[0]!.site, pairs[0]!.market));
    const summary = await readDaySummary(deps, date);
    if (!summary) return noDay(date, format);
    const only = {
      ...summary,
      markets: summary.markets.filter((entry) =>
        pairs.some((pair) => pair.site === entry.site && pair.market === entry.market),
      ),
    };
    const around = await dayNeighbours(deps.tableName, date);
    return htmlPage(summaryPageHtml(only, { ...around, user: viewer.identity, canShare: viewer.admin }));
  }
  const views = (await Promise.all(pairs.map((pair) => readWholeMarket(deps, date, pair.site, pair.market)))).filter(
    (view) => view !== null,
  );
  if (views.length === 0) {
    if (!(await readDaySummary(deps, date))) return noDay(date, format);
  }
  const statusCounts = addStatusCounts(views.map((view) => view.card.statusCounts));
  const card: Scorecard = {
    date,
    previousDate: views[0]?.previousDate ?? date,
    previousDateScanned: views.some((view) => view.previousDateScanned),
    pages: Object.values(statusCounts).reduce((sum, count) => sum + count, 0),
    statusCounts,
    targets: views.map((view) => view.card),
  };
  return format === 'csv' ? csvFile(scorecardCsv(card), `shelfwatch-${date}.csv`) : json(200, card);
}

function noDay(date: string, format: string): never {
  throw notFound(
    `No observations for ${date}: no scan ran that day${format === 'html' ? ' (see the list of days at /)' : ''}`,
  );
}

function csvFile(csv: string, filename: string) {
  return text(200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${filename}"` });
}

/** What a large day's JSON is: its summary, and where each market's card is. */
function splitDay(summary: DaySummary) {
  return {
    ...summary,
    split: true,
    marketCards: summary.markets.map((market) => marketPath(summary.date, market.site, market.market)),
  };
}
