import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { badRequest, notFound } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, redirect } from '../core/http/respond.ts';
import { requestedDaySchema } from '../core/schemas/ids.ts';
import { scorecardCsv } from '../core/views/card-csv.ts';
import { daysPageHtml } from '../core/app-pages/days.ts';
import { marketPath, summaryPath } from '../core/app-pages/app-paths.ts';
import { marketPageHtml, WINDOWS } from '../core/app-pages/market.ts';
import { summaryPageHtml } from '../core/app-pages/summary.ts';
import type { DaySummary } from '../core/views/model.ts';
import { readDayCsv, readDaySummary, readMarketCsv, readMarketView, readWholeDay } from '../core/views/read-views.ts';
import { dayNeighbours, dayOverviews, scannedDays } from '../core/store/days/scanned-days.ts';
import { marketsAsDay } from '../core/views/markets-as-day.ts';
import { csvFile, htmlPage, type DayDeps, type Viewer } from './responses.ts';
import { formatOf, formatSchema, knownMarket, knownSite, partSchema } from './query-schemas.ts';

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
      market: knownMarket(deps.sites).optional(),
      site: knownSite(deps.sites).optional(),
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
  const site = parseInput('site', event.pathParameters?.site, knownSite(deps.sites));
  const market = parseInput('market', event.pathParameters?.market, knownMarket(deps.sites, site));
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
  const card = await marketsAsDay(deps, date, pairs);
  if (!card) return noDay(date, format);
  return format === 'csv' ? csvFile(scorecardCsv(card), `shelfwatch-${date}.csv`) : json(200, card);
}

function noDay(date: string, format: string): never {
  throw notFound(
    `No observations for ${date}: no scan ran that day${format === 'html' ? ' (see the list of days at /)' : ''}`,
  );
}

/** What a large day's JSON is: its summary, and where each market's card is. */
function splitDay(summary: DaySummary) {
  return {
    ...summary,
    split: true,
    marketCards: summary.markets.map((market) => marketPath(summary.date, market.site, market.market)),
  };
}
