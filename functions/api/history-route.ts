import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { shiftDay, todayUtc } from '../core/day.ts';
import { badRequest } from '../core/http/errors.ts';
import { parseInput, type HttpEvent } from '../core/http/event.ts';
import { json, redirect, text } from '../core/http/respond.ts';
import { requestedDaySchema } from '../core/schemas/ids.ts';
import { storeExport } from '../core/exports/stored-export.ts';
import { exportHistoryDays, historyCsv, MAX_EXPORT_DAYS } from '../core/exports/history-export.ts';
import type { Scorecard } from '../core/scorecard/types.ts';
import { exportFormHtml } from '../core/app-pages/export-form.ts';
import type { LoadedSite } from '../core/selectors/load.ts';
import { knownMarket, knownSite } from './query-schemas.ts';
import { htmlPage, type Viewer } from './responses.ts';

/** What one export answer may hold: pages of the range, and the time spent reading them (the API gives 30 s). */
const API_EXPORT_PAGES = 50_000;
const API_EXPORT_MS = 20_000;

/** An export up to this size is the response itself; a larger one is stored and downloaded from S3 (Lambda answers at most 6 MB). */
const INLINE_BYTES = 5 * 1024 * 1024;

/**
 * GET /history?from=&to=&site=&market=&format=csv|json&bom=1: every scanned day of a range in one
 * file, the daily CSV's columns plus who holds #1, every brand's share and links that open the
 * evidence. Without a range, a browser gets the form that asks for one.
 */
export async function getHistory(
  event: HttpEvent,
  deps: { tableName: string; bucketName: string; sites: LoadedSite[]; appUrl: string },
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const query = parseInput(
    'query',
    event.queryStringParameters ?? {},
    z.strictObject({
      from: requestedDaySchema.optional(),
      to: requestedDaySchema.optional(),
      // The export form sends an empty field for "every site" / "every market".
      site: z.union([z.literal(''), knownSite(deps.sites)]).optional(),
      market: z.union([z.literal(''), knownMarket(deps.sites)]).optional(),
      format: z.enum(['csv', 'json'], { error: 'expected csv or json' }).default('csv'),
      bom: z.enum(['0', '1'], { error: 'expected 0 or 1' }).default('0'),
    }),
  );
  if (!query.from) {
    const to = query.to ?? todayUtc();
    return htmlPage(
      exportFormHtml({
        from: shiftDay(to, -6),
        to,
        site: query.site || undefined,
        market: query.market || undefined,
        sites: deps.sites,
        user: viewer.identity,
      }),
    );
  }
  const to = query.to ?? todayUtc();
  if (query.from > to) throw badRequest('query.from: after query.to');
  if (shiftDay(query.from, MAX_EXPORT_DAYS - 1) < to)
    throw badRequest(`query: at most ${MAX_EXPORT_DAYS} days at once`);
  // A request has 30 s and its function 512 MB: an export is read day by day and refused, with where
  // to get it, once it passes what one response can carry (`shelfwatch export` has no such limit).
  const started = Date.now();
  const cards: Scorecard[] = [];
  let pages = 0;
  await exportHistoryDays(
    deps,
    { from: query.from, to, site: query.site || undefined, market: query.market || undefined },
    (card) => {
      pages += card.pages;
      if (pages > API_EXPORT_PAGES || Date.now() - started > API_EXPORT_MS)
        throw badRequest(
          `query: the range holds more than one export answers (${API_EXPORT_PAGES} pages, or ${API_EXPORT_MS / 1000} s): narrow it by days, site or market, or run shelfwatch export --stack <name> --from ${query.from} --to ${to}`,
        );
      cards.push(card);
    },
  );
  const name = `shelfwatch-${query.from}-to-${to}${query.site ? `-${query.site}` : ''}${query.market ? `-${query.market}` : ''}`;
  if (query.format === 'json') {
    const body = JSON.stringify({ from: query.from, to, days: cards });
    return Buffer.byteLength(body) <= INLINE_BYTES
      ? json(200, JSON.parse(body))
      : redirect(await storeExport(deps.bucketName, body, `${name}.json`, 'application/json'));
  }
  const csv = historyCsv(cards, { appUrl: deps.appUrl, bom: query.bom === '1' });
  return Buffer.byteLength(csv) <= INLINE_BYTES
    ? text(200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${name}.csv"` })
    : redirect(await storeExport(deps.bucketName, csv, `${name}.csv`, 'text/csv'));
}
