import { describe, expect, it } from 'vitest';
import { selectorHealth } from '../../../functions/core/scorecard/health.ts';
import { sponsoredGone, SPONSORED_HABIT_DAYS } from '../../../functions/core/scorecard/sponsored-history.ts';
import { tileWarnings } from '../../../functions/core/scorecard/tile-warnings.ts';
import type { MarketScorecard, SearchRow } from '../../../functions/core/scorecard/types.ts';
import type { HistoryPoint } from '../../../functions/core/store/observations/queries.ts';

const row = (keyword: string, checks: SearchRow['tileChecks']): SearchRow =>
  ({ page: 'search', keyword, status: 'ok', tileChecks: checks }) as SearchRow;

const target = (search: SearchRow[], extra: Partial<MarketScorecard> = {}): MarketScorecard => ({
  site: 'shop',
  market: 'us',
  statusCounts: {} as MarketScorecard['statusCounts'],
  search,
  categories: [],
  placements: [],
  problems: [],
  ...extra,
});

describe('tileWarnings', () => {
  it('counts tiles fallen to (unknown) and prices with two amounts over the page’s keywords', () => {
    const warnings = tileWarnings(
      target([
        row('a', { tiles: 20, unknownBrand: 6, doublePrice: 0, sponsored: 2 }),
        row('b', { tiles: 20, unknownBrand: 4, doublePrice: 3, sponsored: 1 }),
      ]),
      'search',
      'search',
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^10 of 40 tiles have no brand anyone could tell: counted as \(unknown\)/),
      expect.stringMatching(/^3 tile\(s\) show two prices \(was\/now\?\)/),
    ]);
  });

  it('says nothing for clean tiles, or for observations that predate the counts', () => {
    expect(
      tileWarnings(
        target([row('a', { tiles: 20, unknownBrand: 0, doublePrice: 0, sponsored: 0 })]),
        'search',
        'search',
      ),
    ).toEqual([]);
    expect(tileWarnings(target([row('a', null)]), 'search', 'search')).toEqual([]);
  });

  it('names a stale sponsored selector, and selector health puts the page above the clean ones', () => {
    const stale = target([row('a', { tiles: 20, unknownBrand: 0, doublePrice: 0, sponsored: 0 })], {
      sponsoredGone: { search: { lastSeen: '2026-11-20', daysWith: 18, lookbackDays: 28 } },
    });
    expect(tileWarnings(stale, 'search', 'search')).toEqual([
      'no sponsored tile on any keyword today, after 18 of the last 28 days with some (last on 2026-11-20): is the sponsored selector stale?',
    ]);
    const clean = { ...target([row('a', { tiles: 20, unknownBrand: 0, doublePrice: 0, sponsored: 1 })]), market: 'aa' };
    const rows = selectorHealth({
      date: '2026-12-01',
      previousDate: '2026-11-30',
      previousDateScanned: true,
      pages: 2,
      statusCounts: {} as MarketScorecard['statusCounts'],
      targets: [clean, stale],
    });
    expect(rows.map((r) => [r.market, r.warnings.length])).toEqual([
      ['us', 1],
      ['aa', 0],
    ]);
  });
});

describe('sponsoredGone', () => {
  const point = (date: string, sponsoredTiles: number): HistoryPoint =>
    ({ date, status: 'ok', runId: 'r', summary: { sponsoredTiles } }) as HistoryPoint;
  const days = (count: number, sponsored: number) =>
    Array.from({ length: count }, (_u, i) => point(`2026-11-${String(i + 1).padStart(2, '0')}`, sponsored));

  it('a habit of sponsored tiles: the days with some and the last one', () => {
    expect(sponsoredGone([...days(10, 2), point('2026-11-25', 0)])).toEqual({
      lastSeen: '2026-11-10',
      daysWith: 10,
      lookbackDays: 28,
    });
  });
  it(`fewer than ${SPONSORED_HABIT_DAYS} days with sponsored tiles is no habit`, () => {
    expect(sponsoredGone(days(SPONSORED_HABIT_DAYS - 1, 1))).toBeNull();
    expect(sponsoredGone(days(20, 0))).toBeNull();
  });
});
