import { marketAccuracy } from '../accuracy/market-accuracy.ts';
import { PAGE_STATUSES, type ListingSummary, type PageStatus } from '../extract/types.ts';
import { previousDay } from '../day.ts';
import { targetKey } from '../jobs/expand.ts';
import type { Observation } from '../store/model.ts';
import type {
  CategoryRow,
  EvidenceRef,
  HeldSlot,
  PlacementRow,
  Scorecard,
  SearchRow,
  MarketScorecard,
  TileChecks,
  Trend,
  AutoRenderDay,
} from './types.ts';

export interface ScorecardFilter {
  site?: string | undefined;
  market?: string | undefined;
  /** Only today's pages this run read (a run's alerts are about its own pages). */
  runId?: string | undefined;
}

/** Today's observations against yesterday's → the scorecard, per site × market. Pure. */
export function buildScorecard(
  date: string,
  today: Observation[],
  yesterday: Observation[],
  filter: ScorecardFilter = {},
): Scorecard {
  const keep = (o: Observation) =>
    (!filter.site || o.site === filter.site) && (!filter.market || o.market === filter.market);
  const todays = today.filter((o) => keep(o) && (!filter.runId || o.runId === filter.runId));
  const before = new Map(yesterday.filter(keep).map((o) => [targetKey(o), o]));
  const groups = new Map<string, Observation[]>();
  for (const observation of [...todays].sort(byTarget)) {
    const key = `${observation.site}#${observation.market}`;
    groups.set(key, [...(groups.get(key) ?? []), observation]);
  }
  return {
    date,
    previousDate: previousDay(date),
    previousDateScanned: yesterday.length > 0,
    pages: todays.length,
    statusCounts: countStatuses(todays),
    targets: [...groups.values()].map((observations) => buildTarget(observations, before)),
  };
}

function buildTarget(observations: Observation[], before: Map<string, Observation>): MarketScorecard {
  const [first] = observations;
  const previousOf = (o: Observation) => before.get(targetKey(o));
  return {
    site: first?.site ?? '',
    market: first?.market ?? '',
    statusCounts: countStatuses(observations),
    search: observations.filter((o) => o.kind === 'search').map((o) => searchRow(o, previousOf(o))),
    categories: observations.filter((o) => o.kind === 'category').map((o) => categoryRow(o, previousOf(o))),
    placements: observations.filter((o) => o.kind === 'placement').map((o) => placementRow(o, previousOf(o))),
    ...autoRenderOf(observations),
    ...accuracyOf(observations),
    problems: observations
      .filter((o) => o.status !== 'ok')
      .map((o) => ({
        kind: o.kind,
        page: o.page,
        keyword: o.keyword ?? null,
        status: o.status,
        message: o.message,
        ...(o.suggestedFix ? { fix: o.suggestedFix } : {}),
        evidence: evidenceOf(o),
      })),
  };
}

function accuracyOf(observations: Observation[]): Pick<MarketScorecard, 'accuracy'> {
  const accuracy = marketAccuracy(observations);
  return accuracy ? { accuracy } : {};
}

/** How a market's `render: auto` pages were read today (a page with a check, or read both ways). */
function autoRenderOf(observations: Observation[]): Pick<MarketScorecard, 'autoRender'> {
  const pages: Record<string, AutoRenderDay> = {};
  for (const o of observations) {
    const key = `${o.kind}#${o.page}`;
    const day = (pages[key] ??= { plain: 0, chrome: 0, checks: 0, differed: null });
    if (o.renderedBy === 'static') day.plain += 1;
    else day.chrome += 1;
    if (o.renderCheck) day.checks += 1;
    if (o.renderCheck && !o.renderCheck.same) day.differed ??= o.renderCheck.why ?? 'they differ';
  }
  const auto = Object.entries(pages).filter(([, day]) => day.checks > 0 || (day.plain > 0 && day.chrome > 0));
  return auto.length ? { autoRender: Object.fromEntries(auto) } : {};
}

function searchRow(today: Observation, yesterday: Observation | undefined): SearchRow {
  const now = listingSummary(today);
  const then = listingSummary(yesterday);
  return {
    page: today.page,
    keyword: today.keyword ?? '',
    status: today.status,
    topN: now?.topN ?? null,
    ourBestOrganicRank: rankTrend(ourRank(today, now), ourRank(yesterday, then)),
    ourBestRank: rankTrend(now?.ourBestRank, then?.ourBestRank),
    ...(today.rankReads && now ? { rankReads: today.rankReads } : {}),
    ourTilesInTopN: amountTrend(now?.ourTilesInTopN, then?.ourTilesInTopN),
    organicInTopN: organicInTopN(now),
    ourShare: amountTrend(now?.ourShare, then?.ourShare),
    shareOfSearch: now?.shareOfSearch ?? [],
    sponsored: { ours: now?.ourSponsoredTiles ?? 0, byBrand: now?.sponsoredByBrand ?? [] },
    yesterdayRead: then !== null,
    topTile: { today: now?.topOrganic ?? null, yesterday: then?.topOrganic ?? null },
    tileChecks: tileChecks(now),
    evidence: evidenceOf(today),
  };
}

function categoryRow(today: Observation, yesterday: Observation | undefined): CategoryRow {
  const now = listingSummary(today);
  const then = listingSummary(yesterday);
  return {
    category: today.page,
    status: today.status,
    topN: now?.topN ?? null,
    ourBestPosition: rankTrend(ourRank(today, now), ourRank(yesterday, then)),
    ...(today.rankReads && now ? { rankReads: today.rankReads } : {}),
    ourTilesInTopN: amountTrend(now?.ourTilesInTopN, then?.ourTilesInTopN),
    organicInTopN: organicInTopN(now),
    ourShare: amountTrend(now?.ourShare, then?.ourShare),
    tileChecks: tileChecks(now),
    evidence: evidenceOf(today),
  };
}

/** What selector health checks of a page's tiles; null when it was not read or predates the counts. */
function tileChecks(summary: ListingSummary | null): TileChecks | null {
  if (!summary || summary.unknownBrandTiles === undefined) return null;
  return {
    tiles: summary.tiles,
    unknownBrand: summary.unknownBrandTiles,
    doublePrice: summary.doublePriceTiles ?? 0,
    sponsored: summary.sponsoredTiles,
    figureWarnings: summary.figureWarnings ?? [],
  };
}

/** The organic tiles of the top N (every brand's count added up): our share is ours out of these. */
function organicInTopN(summary: ListingSummary | null): number | null {
  return summary ? summary.shareOfSearch.reduce((sum, entry) => sum + entry.tiles, 0) : null;
}

function placementRow(today: Observation, yesterday: Observation | undefined): PlacementRow {
  const held = heldSlots(today);
  const before = yesterday?.status === 'ok' ? heldSlots(yesterday) : null;
  const changes =
    before === null || today.status !== 'ok' ? { gained: [], lost: [], swapped: [] } : slotChanges(before, held);
  return { page: today.page, status: today.status, slotsHeld: held, ...changes, evidence: evidenceOf(today) };
}

/**
 * What changed in each slot we hold: products of ours there today and not yesterday are paired with
 * ours there yesterday and not today (swapped: one of ours for another, the placement still ours),
 * those in the same position first; a product of ours that only moved within its slot is no
 * change. What is left over was gained or lost, and it is named by **position**: a lost placement
 * is a position we held yesterday and hold no more (the one our product left, when one of ours took
 * its place), never a position still ours.
 */
export function slotChanges(before: HeldSlot[], after: HeldSlot[]): Pick<PlacementRow, 'gained' | 'lost' | 'swapped'> {
  const gained: HeldSlot[] = [];
  const lost: HeldSlot[] = [];
  const swapped: PlacementRow['swapped'] = [];
  for (const slot of new Set([...before, ...after].map((entry) => entry.slot))) {
    const was = before.filter((entry) => entry.slot === slot);
    const now = after.filter((entry) => entry.slot === slot);
    const arrived = now.filter((entry) => !was.some((old) => old.name === entry.name));
    const left = was.filter((entry) => !now.some((current) => current.name === entry.name));
    // A product of ours replaced in the same position first, then the rest in order of position.
    const inPlace = left.flatMap((from) => {
      const to = arrived.find((entry) => entry.index === from.index);
      return to ? [{ from, to }] : [];
    });
    const unpairedLeft = left.filter((entry) => !inPlace.some((pair) => pair.from === entry));
    const unpairedArrived = arrived.filter((entry) => !inPlace.some((pair) => pair.to === entry));
    const pairs = Math.min(unpairedLeft.length, unpairedArrived.length);
    swapped.push(
      ...inPlace,
      ...unpairedLeft.slice(0, pairs).map((from, index) => ({ from, to: unpairedArrived[index]! })),
    );
    lost.push(...positionsGone(was, now, unpairedLeft.slice(pairs)));
    gained.push(...positionsGone(now, was, unpairedArrived.slice(pairs)));
  }
  return { gained, lost, swapped };
}

/**
 * As many of `from`'s positions as `products` counts, taken among those `to` does not hold: first
 * where one of `products` stood, then the others in order. So when our B moved from hero #3 to
 * hero #1, where our A was, the placement lost is hero #3.
 */
function positionsGone(from: HeldSlot[], to: HeldSlot[], products: HeldSlot[]): HeldSlot[] {
  if (products.length === 0) return [];
  const vacated = from.filter((entry) => !to.some((other) => other.index === entry.index));
  const preferred = [
    ...vacated.filter((entry) => products.includes(entry)),
    ...vacated.filter((entry) => !products.includes(entry)),
  ];
  return preferred.slice(0, products.length).sort((a, b) => a.index - b.index);
}

/** The page and the S3 keys of its screenshot and first HTML page, so every figure is one click from its proof. */
function evidenceOf(observation: Observation): EvidenceRef {
  return {
    pageUrl: observation.pageUrl,
    screenshot: observation.evidence?.screenshot ?? null,
    html: observation.evidence?.html?.[0] ?? null,
    runId: observation.runId,
  };
}

function heldSlots(observation: Observation): HeldSlot[] {
  const summary = observation.status === 'ok' ? observation.summary : null;
  return summary && 'slotsHeld' in summary ? summary.slotsHeld : [];
}

/** Only a cleanly read page has figures: a blocked or broken page is "unknown", never "not ranked". */
function listingSummary(observation: Observation | undefined): ListingSummary | null {
  if (observation?.status !== 'ok' || !observation.summary || !('ourBestRank' in observation.summary)) return null;
  return observation.summary;
}

/** Our organic rank on a day: the median of its reads when the page was read several times, else the one read. */
function ourRank(observation: Observation | undefined, summary: ListingSummary | null): number | null {
  if (!summary) return null;
  return observation?.rankReads ? observation.rankReads.median : summary.ourBestOrganicRank;
}

/** Rank: lower is better, so change = yesterday − today; none when either day has no rank. */
function rankTrend(today: number | null | undefined, yesterday: number | null | undefined): Trend {
  const now = today ?? null;
  const then = yesterday ?? null;
  return { today: now, yesterday: then, change: now !== null && then !== null ? then - now : null };
}

function amountTrend(today: number | null | undefined, yesterday: number | null | undefined): Trend {
  const now = today ?? null;
  const then = yesterday ?? null;
  return { today: now, yesterday: then, change: now !== null && then !== null ? round(now - then) : null };
}

export function countStatuses(observations: Observation[]): Record<PageStatus, number> {
  const counts = Object.fromEntries(PAGE_STATUSES.map((status) => [status, 0])) as Record<PageStatus, number>;
  for (const observation of observations) counts[observation.status] += 1;
  return counts;
}

/** Several markets' page counts by status, added up (a day of markets, a narrowed day). */
export function addStatusCounts(counts: Iterable<Record<PageStatus, number>>): Record<PageStatus, number> {
  const total = countStatuses([]);
  for (const entry of counts) for (const status of PAGE_STATUSES) total[status] += entry[status] ?? 0;
  return total;
}

function byTarget(a: Observation, b: Observation): number {
  return (
    a.site.localeCompare(b.site) ||
    a.market.localeCompare(b.market) ||
    a.kind.localeCompare(b.kind) ||
    a.page.localeCompare(b.page) ||
    (a.keyword ?? '').localeCompare(b.keyword ?? '')
  );
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
