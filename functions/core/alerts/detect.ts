import { accuracyTooLow } from '../accuracy/market-accuracy.ts';
import type { PageKind } from '../jobs/expand.ts';
import { describeTarget } from '../jobs/describe.ts';
import type { SuggestedFix } from '../store/model.ts';
import type { EvidenceRef, HeldSlot, Scorecard, MarketScorecard, TopTile, Trend } from '../scorecard/types.ts';

export const ALERT_KINDS = [
  'rank_drop',
  'lost_placement',
  'competitor_on_top',
  'selector_broken',
  'run_incomplete',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Something the team should act on: what happened, where, yesterday against today, and the proof. */
export interface Alert {
  kind: AlertKind;
  date: string;
  site: string;
  market: string;
  pageKind: PageKind | null;
  page: string | null;
  keyword: string | null;
  what: string;
  yesterday: string;
  today: string;
  /** For selector_broken: the command that shows a fix found and proven after the run. */
  fix?: string;
  evidence: EvidenceRef;
}

export interface AlertRules {
  /** Alert when our best organic rank gets worse by at least this many places. */
  rankDrop: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = { rankDrop: 3 };

/** The alerts a day's scorecard (today against yesterday) calls for. Pure. */
export function detectAlerts(card: Scorecard, rules: AlertRules = DEFAULT_ALERT_RULES): Alert[] {
  return card.targets.flatMap((target) => {
    const at = (pageKind: PageKind, page: string, keyword: string | null, evidence: EvidenceRef) => ({
      date: card.date,
      site: target.site,
      market: target.market,
      pageKind,
      page,
      keyword,
      evidence,
    });
    const listings = [
      ...target.search.map((row) => ({
        place: at('search', row.page, row.keyword, row.evidence),
        label: `search “${row.keyword}”`,
        rank: row.ourBestOrganicRank,
        spread: row.rankReads?.spread ?? 0,
        topN: row.topN,
        topTile: row.topTile,
      })),
      ...target.categories.map((row) => ({
        place: at('category', row.category, null, row.evidence),
        label: `category ${row.category}`,
        rank: row.ourBestPosition,
        spread: row.rankReads?.spread ?? 0,
        topN: row.topN,
        topTile: null,
      })),
    ];
    return [
      ...listings.flatMap(({ place, label, rank, topN, spread }) =>
        rankDrop(rank, topN, rules, spread).map((change) => ({
          kind: 'rank_drop' as const,
          ...place,
          what: `${change} for ${label}`,
          yesterday: `#${rank.yesterday}`,
          today: rank.today === null ? `not in results${topN ? ` (${topN} read)` : ''}` : `#${rank.today}`,
        })),
      ),
      ...listings.flatMap(({ place, label, topTile }) =>
        topTile && tookOurTop(topTile.yesterday, topTile.today)
          ? [
              {
                kind: 'competitor_on_top' as const,
                ...place,
                what: `${topTile.today!.brand ?? 'a competitor'} took our #1 for ${label}`,
                yesterday: `#1 ${tileName(topTile.yesterday!)} (ours)`,
                today: `#1 ${tileName(topTile.today!)}`,
              },
            ]
          : [],
      ),
      // One alert per page, however many of its slots were lost: a reshuffled carousel is one event.
      ...target.placements
        .filter((row) => row.lost.length > 0)
        .map((row) => ({
          kind: 'lost_placement' as const,
          ...at('placement', row.page, null, row.evidence),
          what: `Lost ${row.lost.map((slot) => `${slot.slot} #${slot.index}`).join(', ')} on ${row.page}`,
          yesterday: `held ${row.lost.map(slotName).join('; ')}`,
          today: heldNow(row.slotsHeld, row.lost),
        })),
      ...brokenSelectors(target, card.date),
    ];
  });
}

/** "Dropped 4 places" or "Dropped out of the results"; nothing when unknown either day or a small move. */
function rankDrop(rank: Trend, topN: number | null, rules: AlertRules, spread = 0): string[] {
  if (rank.yesterday === null) return [];
  if (rank.today === null) return topN === null ? [] : ['Dropped out of the results'];
  const places = rank.today - rank.yesterday;
  // Read several times today, a drop within the reads' own spread is the shelf varying, not a fall.
  return places >= rules.rankDrop && places > spread ? [`Dropped ${places} places`] : [];
}

function tookOurTop(yesterday: TopTile | null, today: TopTile | null): boolean {
  return yesterday?.owner === 'ours' && today?.owner === 'competitor';
}

function brokenSelectors(target: MarketScorecard, date: string): Alert[] {
  return [...missedSelectors(target, date), ...lowAccuracy(target, date)];
}

/** The second reader disagreeing too often: a market's figures not to be trusted, as a broken selector is. */
function lowAccuracy(target: MarketScorecard, date: string): Alert[] {
  const accuracy = target.accuracy;
  if (!accuracy || !accuracyTooLow(accuracy)) return [];
  const [first] = accuracy.disagreements;
  const example = first?.differences[0];
  return [
    {
      kind: 'selector_broken' as const,
      date,
      site: target.site,
      market: target.market,
      pageKind: first?.kind ?? null,
      page: first?.page ?? null,
      keyword: first?.keyword ?? null,
      what: `Readings disagree: ${accuracy.agreeing} of ${accuracy.compared} pages read twice agree (${Math.round(accuracy.rate * 100)} %, below ${Math.round(accuracy.alertBelow * 100)} %)`,
      yesterday: `${Math.round(accuracy.alertBelow * 100)} % or more expected`,
      today: example
        ? `e.g. ${describeTarget({ kind: first.kind, page: first.page, keyword: first.keyword })}: ${example.figure} ${example.first} vs ${example.second}`
        : 'see the second reader on the market page',
      evidence: first
        ? { pageUrl: null, screenshot: first.first.screenshot, html: first.first.html, runId: first.first.runId }
        : { pageUrl: null, screenshot: null, html: null },
    },
  ];
}

function missedSelectors(target: MarketScorecard, date: string): Alert[] {
  return target.problems
    .filter((problem) => problem.status === 'selector_miss')
    .map((problem) => ({
      kind: 'selector_broken' as const,
      date,
      site: target.site,
      market: target.market,
      pageKind: problem.kind,
      page: problem.page,
      keyword: problem.keyword,
      what: `Selector broken on ${describeTarget({ kind: problem.kind, page: problem.page, keyword: problem.keyword })}${problem.brokenSince && problem.brokenSince < date ? ` since ${problem.brokenSince}` : ''}`,
      yesterday: problem.lastGood ? `last read cleanly ${problem.lastGood}` : 'not read cleanly in the lookback',
      today: problem.message ?? 'the item selector matched nothing',
      ...(problem.fix ? { fix: fixLine(problem.fix) } : {}),
      evidence: problem.evidence,
    }));
}

/** "a fix was found (…): run shelfwatch suggest …", as the alert and the scorecard say it. */
export function fixLine(fix: SuggestedFix): string {
  return `a fix was found (recovers ${fix.recovered} of ${fix.known} products on ${fix.provenOn}): run ${fix.command}`;
}

/** Where we stand today in the slots we lost something in: "ours now in hero #2", or none there at all. */
function heldNow(held: HeldSlot[], lost: HeldSlot[]): string {
  return [...new Set(lost.map((slot) => slot.slot))]
    .map((name) => {
      const now = held.filter((slot) => slot.slot === name);
      return now.length
        ? `ours now in ${name} ${now.map((slot) => `#${slot.index}`).join(', ')}`
        : `no ${name} slot of ours`;
    })
    .join('; ');
}

function slotName(slot: HeldSlot): string {
  return `${slot.slot} #${slot.index}${slot.name ? ` ${slot.name}` : ''}`;
}

function tileName(tile: TopTile): string {
  return [tile.brand, tile.name].filter(Boolean).join(' ') || '(unnamed)';
}
