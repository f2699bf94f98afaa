import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { HttpError, notFound } from '../core/http/errors.ts';
import { parseFormBody, parseInput, type HttpEvent } from '../core/http/event.ts';
import { redirect } from '../core/http/respond.ts';
import { requestedDaySchema } from '../core/schemas/ids.ts';
import { marketPageHtml } from '../core/app-pages/market.ts';
import { shareGoneHtml, sharesPageHtml } from '../core/app-pages/shares.ts';
import { summaryPageHtml } from '../core/app-pages/summary.ts';
import type { EvidenceRef } from '../core/scorecard/types.ts';
import type { MarketView } from '../core/views/model.ts';
import { readDaySummary, readMarketView } from '../core/views/read-views.ts';
import { createShare, MAX_SHARE_DAYS, resolveShare } from '../core/shares/share-links.ts';
import { listShares, revokeShare, type ShareScope } from '../core/store/shares.ts';
import { scannedDays } from '../core/store/days/scanned-days.ts';
import { partSchema } from './query-schemas.ts';
import { htmlPage, type DayDeps, type Viewer } from './responses.ts';

function requireAdmin(viewer: Viewer): void {
  if (!viewer.admin) throw new HttpError(403, 'Only administrators (the admins group) manage share links');
}

/** POST /shares: an administrator makes a link to a summary or a market page; the page that follows shows it once. */
export async function postShare(
  event: HttpEvent,
  deps: DayDeps & { appUrl: string },
  viewer: Viewer,
): Promise<APIGatewayProxyStructuredResultV2> {
  requireAdmin(viewer);
  const form = parseFormBody(
    event,
    z.strictObject({
      date: z.union([requestedDaySchema, z.literal('latest')]),
      site: z.string().max(100).optional(),
      market: z.string().max(100).optional(),
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_SHARE_DAYS, { error: `at most ${MAX_SHARE_DAYS} days` }),
      latest: z.literal('1').optional(),
    }),
  );
  const date = form.latest ? 'latest' : form.date;
  let scope: ShareScope = { kind: 'summary', date };
  if (form.site || form.market) {
    if (!deps.sites.some((site) => site.site === form.site && site.market === form.market))
      throw new HttpError(400, `body: no selector file for ${form.site}/${form.market}`);
    scope = { kind: 'market', date, site: form.site!, market: form.market! };
  }
  const { secret, share } = await createShare(deps.tableName, {
    scope,
    days: form.days,
    createdBy: viewer.identity.email,
  });
  return htmlPage(
    sharesPageHtml(await listShares(deps.tableName), viewer.identity, new Date(), {
      url: `${deps.appUrl}/s/${secret}`,
      share,
    }),
  );
}

export async function getShares(deps: DayDeps, viewer: Viewer) {
  requireAdmin(viewer);
  return htmlPage(sharesPageHtml(await listShares(deps.tableName), viewer.identity));
}

export async function postRevoke(event: HttpEvent, deps: DayDeps, viewer: Viewer) {
  requireAdmin(viewer);
  const ref = parseInput(
    'id',
    event.pathParameters?.id,
    z.string().regex(/^[\w-]{32}$/, { error: 'not a share link' }),
  );
  if (!(await revokeShare(deps.tableName, ref, viewer.identity.email))) throw notFound('No such share link');
  return redirect('/shares');
}

/**
 * GET /s/{secret}: a shared page, read-only, for someone without an account: no navigation out of
 * it, no evidence links (those need an account). A revoked, expired or unknown link shows a plain
 * page saying so, and nothing of the data.
 */
export async function getShared(event: HttpEvent, deps: DayDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const lookup = await resolveShare(deps.tableName, event.pathParameters?.id ?? '');
  if (!lookup.ok) return htmlPage(shareGoneHtml(lookup.reason), lookup.reason === 'unknown' ? 404 : 410);
  const { scope, expires } = lookup.share;
  const date = scope.date === 'latest' ? ((await scannedDays(deps.tableName, 1))[0] ?? null) : scope.date;
  const shared = { expiresAt: expires };
  if (!date) return htmlPage(shareGoneHtml('unknown'), 404);
  if (scope.kind === 'summary') {
    const summary = await readDaySummary(deps, date);
    if (!summary) throw notFound(`No scorecard for ${date}`);
    return htmlPage(summaryPageHtml(summary, { previous: null, next: null, shared }));
  }
  const days = Number(z.enum(['7', '30', '90']).catch('30').parse(event.queryStringParameters?.days));
  const part = partSchema.catch(1).parse(event.queryStringParameters?.part);
  const view = await readMarketView(deps, date, scope.site, scope.market, part - 1);
  if (!view) throw notFound(`No scorecard for ${scope.site}/${scope.market} on ${date}`);
  return htmlPage(marketPageHtml(withoutEvidence(view), { days, previous: null, next: null, shared }));
}

/** A view with its evidence links taken out (they need an account); the retailer's own page stays. */
function withoutEvidence(view: MarketView): MarketView {
  const strip = <T extends { evidence: EvidenceRef }>(row: T): T => ({
    ...row,
    evidence: { pageUrl: row.evidence.pageUrl, screenshot: null, html: null },
  });
  const { card } = view;
  return {
    ...view,
    card: {
      ...card,
      search: card.search.map(strip),
      categories: card.categories.map(strip),
      placements: card.placements.map(strip),
      problems: card.problems.map(strip),
    },
  };
}
