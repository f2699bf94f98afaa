import { describe, expect, it } from 'vitest';
import { previousDay } from '../../../functions/core/day.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { scorecardCsv } from '../../../functions/core/views/card-csv.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { searchSummary } from '../../support/listing-fixtures.ts';

const summary = searchSummary;

function observation(over: Partial<Observation>): Observation {
  return {
    site: 'shop',
    market: 'fr',
    page: 'search',
    kind: 'search',
    keyword: 'mascara',
    date: '2026-11-23',
    runId: 'r',
    status: 'ok',
    message: null,
    pageUrl: null,
    summary: summary({}),
    evidence: { html: [], screenshot: null },
    observedAt: '',
    ...over,
  };
}

describe('buildScorecard', () => {
  it('reports today against yesterday; a better rank is a positive change', () => {
    const card = buildScorecard(
      '2026-11-23',
      [observation({ summary: summary({ ourBestOrganicRank: 2, ourShare: 0.3 }) })],
      [observation({ date: '2026-11-22', summary: summary({ ourBestOrganicRank: 5, ourShare: 0.1 }) })],
    );
    const row = card.targets[0]!.search[0]!;
    expect(row.ourBestOrganicRank).toEqual({ today: 2, yesterday: 5, change: 3 });
    expect(row.ourShare).toEqual({ today: 0.3, yesterday: 0.1, change: 0.2 });
  });

  it('a page that could not be read has no figures and is listed as a problem, never as "not ranked"', () => {
    const card = buildScorecard(
      '2026-11-23',
      [observation({ status: 'blocked', message: 'Bot wall at https://…' })],
      [observation({})],
    );
    const target = card.targets[0]!;
    expect(target.search[0]!.ourBestOrganicRank).toEqual({ today: null, yesterday: 2, change: null });
    expect(target.statusCounts).toMatchObject({ ok: 0, blocked: 1 });
    expect(target.problems).toEqual([
      {
        kind: 'search',
        page: 'search',
        keyword: 'mascara',
        status: 'blocked',
        message: 'Bot wall at https://…',
        evidence: { runId: 'r', pageUrl: null, screenshot: null, html: null },
      },
    ]);
    expect(card.statusCounts.blocked).toBe(1);
  });

  it('placements: slots held, gained and lost against yesterday', () => {
    const held = (slots: Array<[string, number, string]>) => ({
      slotsHeld: slots.map(([slot, index, name]) => ({ slot, index, name, brand: 'Lumière' })),
    });
    const card = buildScorecard(
      '2026-11-23',
      [
        observation({
          kind: 'placement',
          page: 'home',
          keyword: undefined,
          summary: held([
            ['hero', 1, 'Volume Max'],
            ['carousel', 4, 'Sculpt'],
          ]),
        }),
      ],
      [
        observation({
          kind: 'placement',
          page: 'home',
          keyword: undefined,
          summary: held([
            ['hero', 1, 'Volume Max'],
            ['hero', 2, 'Velours'],
          ]),
        }),
      ],
    );
    const row = card.targets[0]!.placements[0]!;
    expect(row.gained).toEqual([{ slot: 'carousel', index: 4, name: 'Sculpt', brand: 'Lumière' }]);
    expect(row.lost).toEqual([{ slot: 'hero', index: 2, name: 'Velours', brand: 'Lumière' }]);
  });

  it('groups by site × market and filters', () => {
    const today = [
      observation({ market: 'us' }),
      observation({ market: 'fr' }),
      observation({ market: 'fr', kind: 'category', page: 'mascara', keyword: undefined }),
    ];
    const card = buildScorecard('2026-11-23', today, []);
    expect(card.targets.map((t) => t.market)).toEqual(['fr', 'us']);
    expect(card.targets[0]!.categories[0]!.ourBestPosition).toEqual({ today: 2, yesterday: null, change: null });
    expect(buildScorecard('2026-11-23', today, [], { market: 'us' }).pages).toBe(1);
  });

  it('knows the day before, across months and leap days', () => {
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
  });
});

describe('scorecardCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const card = buildScorecard(
      '2026-11-23',
      [observation({ keyword: '=HYPERLINK("x")', status: 'http_error', message: 'HTTP 500, "twice"' })],
      [],
    );
    const lines = scorecardCsv(card).split('\r\n');
    expect(lines[1]).toBe(
      `2026-11-23,shop,fr,search,search,"'=HYPERLINK(""x"")",http_error,,,,,,,,,0,,,,"HTTP 500, ""twice""",,,,`,
    );
  });
});

describe('brokenSince', () => {
  it('finds the first day of the current run of selector misses, skipping days without a scan', async () => {
    const { brokenSince } = await import('../../../functions/core/scorecard/broken-since.ts');
    const history = [
      { date: '2026-11-18', status: 'ok' as const },
      { date: '2026-11-19', status: 'selector_miss' as const },
      { date: '2026-11-21', status: 'selector_miss' as const },
      { date: '2026-11-23', status: 'selector_miss' as const },
    ];
    expect(brokenSince(history, '2026-11-23')).toBe('2026-11-19');
    expect(brokenSince([...history, { date: '2026-11-22', status: 'blocked' as const }], '2026-11-23')).toBe(
      '2026-11-23',
    );
    expect(brokenSince(history, '2026-11-18')).toBeNull();
  });
});

describe('addStatusCounts', () => {
  it('adds markets up status by status; nothing is all zeros', async () => {
    const { addStatusCounts, countStatuses } = await import('../../../functions/core/scorecard/build.ts');
    const fr = countStatuses([observation({}), observation({ status: 'blocked' })]);
    const de = countStatuses([observation({ market: 'de' }), observation({ market: 'de', status: 'timeout' })]);
    expect(addStatusCounts([fr, de])).toEqual({ ...countStatuses([]), ok: 2, blocked: 1, timeout: 1 });
    expect(addStatusCounts([])).toEqual(countStatuses([]));
  });
});
