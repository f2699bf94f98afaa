import { describe, expect, it } from 'vitest';
import { detectAlerts } from '../../../functions/core/alerts/detect.ts';
import { alertDigest, type LinkedAlert } from '../../../functions/core/alerts/format.ts';
import type { ListingSummary } from '../../../functions/core/extract/types.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { searchSummary } from '../../support/listing-fixtures.ts';

const top = (brand: string, owner: 'ours' | 'competitor' | 'other') => ({ name: `${brand} hero`, brand, owner });

const summary = (over: Partial<ListingSummary>) => searchSummary({ topOrganic: top('Lumière', 'ours'), ...over });

function observation(date: string, over: Partial<Observation>): Observation {
  return {
    site: 'shop',
    market: 'fr',
    page: 'search',
    kind: 'search',
    keyword: 'mascara',
    date,
    runId: date,
    status: 'ok',
    message: null,
    pageUrl: 'https://shop.example/fr/s?q=mascara',
    summary: summary({}),
    evidence: { html: ['h.html.gz'], screenshot: 's.jpg' },
    observedAt: '',
    ...over,
  };
}

const alertsFor = (today: Partial<Observation>, yesterday: Partial<Observation>, rankDrop = 3) =>
  detectAlerts(
    buildScorecard('2026-11-23', [observation('2026-11-23', today)], [observation('2026-11-22', yesterday)]),
    { rankDrop },
  );

describe('detectAlerts', () => {
  it('a rank drop at or beyond the threshold, not below it', () => {
    expect(
      alertsFor({ summary: summary({ ourBestOrganicRank: 4 }) }, { summary: summary({ ourBestOrganicRank: 2 }) }),
    ).toEqual([]);
    const [alert, ...rest] = alertsFor(
      { summary: summary({ ourBestOrganicRank: 5 }) },
      { summary: summary({ ourBestOrganicRank: 2 }) },
    );
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      kind: 'rank_drop',
      date: '2026-11-23',
      site: 'shop',
      market: 'fr',
      pageKind: 'search',
      page: 'search',
      keyword: 'mascara',
      what: 'Dropped 3 places for search “mascara”',
      yesterday: '#2',
      today: '#5',
      evidence: {
        pageUrl: 'https://shop.example/fr/s?q=mascara',
        screenshot: 's.jpg',
        html: 'h.html.gz',
        runId: '2026-11-23',
      },
    });
    expect(
      alertsFor({ summary: summary({ ourBestOrganicRank: 4 }) }, { summary: summary({ ourBestOrganicRank: 2 }) }, 2),
    ).toHaveLength(1);
  });

  it('dropping out of the results is a rank drop; a page not read today is not', () => {
    expect(alertsFor({ summary: summary({ ourBestOrganicRank: null }) }, {}).map((a) => [a.what, a.today])).toEqual([
      ['Dropped out of the results for search “mascara”', 'not in results (10 read)'],
    ]);
    expect(alertsFor({ status: 'timeout', summary: null }, {})).toEqual([]);
    expect(alertsFor({ status: 'blocked', summary: null }, {})).toEqual([]);
  });

  it('a competitor taking the top organic slot we held yesterday', () => {
    const alerts = alertsFor({ summary: summary({ topOrganic: top('Glowco', 'competitor') }) }, {});
    expect(alerts.map((a) => [a.kind, a.what, a.yesterday, a.today])).toEqual([
      [
        'competitor_on_top',
        'Glowco took our #1 for search “mascara”',
        '#1 Lumière Lumière hero (ours)',
        '#1 Glowco Glowco hero',
      ],
    ]);
    // Someone else's top slot changing hands, or an unclassified brand on top, is not ours to alert.
    expect(
      alertsFor(
        { summary: summary({ topOrganic: top('Glowco', 'competitor') }) },
        { summary: summary({ topOrganic: top('Kosmo', 'other') }) },
      ),
    ).toEqual([]);
    expect(alertsFor({ summary: summary({ topOrganic: top('Kosmo', 'other') }) }, {})).toEqual([]);
  });

  it('lost placements: one alert per page, with where we stand now', () => {
    const held = (slots: Array<[string, number, string]>) => ({
      slotsHeld: slots.map(([slot, index, name]) => ({ slot, index, name, brand: 'Lumière' })),
    });
    const home = { kind: 'placement' as const, page: 'home', keyword: undefined };
    const alerts = alertsFor(
      { ...home, summary: held([['hero', 2, 'Sculpt']]) },
      {
        ...home,
        summary: held([
          ['hero', 1, 'Volume Max'],
          ['carousel', 3, 'Curl'],
        ]),
      },
    );
    // The hero still shows one of ours (Sculpt instead of Volume Max): a swap, not a loss.
    expect(alerts.map((a) => [a.kind, a.what, a.yesterday, a.today])).toEqual([
      ['lost_placement', 'Lost carousel #3 on home', 'held carousel #3 Curl', 'no carousel slot of ours'],
    ]);
  });

  it('swapping one of our products for another of ours in a slot is no lost placement', () => {
    const held = (slots: Array<[string, number, string]>) => ({
      slotsHeld: slots.map(([slot, index, name]) => ({ slot, index, name, brand: 'Lumière' })),
    });
    const home = { kind: 'placement' as const, page: 'home', keyword: undefined };
    expect(
      alertsFor(
        {
          ...home,
          summary: held([
            ['hero', 1, 'Sculpt'],
            ['carousel', 5, 'Curl'],
          ]),
        },
        {
          ...home,
          summary: held([
            ['hero', 1, 'Volume Max'],
            ['carousel', 3, 'Curl'],
          ]),
        },
      ),
    ).toEqual([]);
  });

  it('a broken selector, with since when and the last good day', () => {
    const card = buildScorecard(
      '2026-11-23',
      [
        observation('2026-11-23', {
          status: 'selector_miss',
          summary: null,
          message: 'Item selector matched nothing at https://shop.example/fr/s?q=mascara',
        }),
      ],
      [],
    );
    Object.assign(card.targets[0]!.problems[0]!, { brokenSince: '2026-11-21', lastGood: '2026-11-20' });
    expect(detectAlerts(card).map((a) => [a.kind, a.what, a.yesterday, a.today])).toEqual([
      [
        'selector_broken',
        'Selector broken on search “mascara” since 2026-11-21',
        'last read cleanly 2026-11-20',
        'Item selector matched nothing at https://shop.example/fr/s?q=mascara',
      ],
    ]);
  });
});

describe('a fix found after the run', () => {
  const fix = {
    command: 'shelfwatch suggest shop/fr --page search --date 2026-11-23 --stack prod',
    recovered: 9,
    known: 10,
    provenOn: 'search “mascara”',
  };
  const broken = (keyword: string, withFix: boolean) =>
    observation('2026-11-23', {
      keyword,
      status: 'selector_miss',
      summary: null,
      message: 'Item selector matched nothing',
      ...(withFix ? { suggestedFix: fix } : {}),
    });

  it('goes from the observation to its problem row and to its selector_broken alert, and only where one was proven', () => {
    const card = buildScorecard('2026-11-23', [broken('mascara', true), broken('lipstick', false)], []);
    const byKeyword = (a: { keyword: string | null }, b: { keyword: string | null }) =>
      (a.keyword ?? '').localeCompare(b.keyword ?? '');
    expect(card.targets[0]!.problems.sort(byKeyword).map((p) => [p.keyword, p.fix ?? null])).toEqual([
      ['lipstick', null],
      ['mascara', fix],
    ]);
    const alerts = detectAlerts(card);
    expect(alerts.sort(byKeyword).map((a) => [a.keyword, a.fix ?? null])).toEqual([
      ['lipstick', null],
      [
        'mascara',
        'a fix was found (recovers 9 of 10 products on search “mascara”): run shelfwatch suggest shop/fr --page search --date 2026-11-23 --stack prod',
      ],
    ]);
    const digest = alertDigest(
      'run-1',
      '2026-11-23',
      alerts.map((a) => ({ ...a, screenshotUrl: null, scorecardUrl: null })),
    );
    expect(digest.text.match(/^   fix: {7}a fix was found .*--stack prod$/gm)).toHaveLength(1);
  });
});

describe('alertDigest', () => {
  const alert = (index: number): LinkedAlert => ({
    kind: 'rank_drop',
    date: '2026-11-23',
    site: 'shop',
    market: 'fr',
    pageKind: 'search',
    page: 'search',
    keyword: `k${index}`,
    what: `Dropped 3 places for search “k${index}”`,
    yesterday: '#2',
    today: '#5',
    evidence: { pageUrl: 'https://shop.example/fr/s', screenshot: 'k.jpg', html: null },
    screenshotUrl: 'https://app.example/evidence/2026-11-23/k.jpg',
    scorecardUrl: 'https://app.example/scorecards/2026-11-23/shop/fr',
  });

  it('one message per run: subject with counts, a block per alert with its links, the scorecard at the end', () => {
    const digest = alertDigest('run-1', '2026-11-23', [alert(1)]);
    expect(digest.subject).toBe('shelfwatch 2026-11-23: 1 alert (1 rank drop)');
    expect(digest.text).toBe(`shelfwatch alerts for 2026-11-23 (run run-1): 1 rank drop

▼ rank drop · shop/fr search “k1”: Dropped 3 places for search “k1”
   yesterday: #2
   today:     #5
   evidence:  https://app.example/evidence/2026-11-23/k.jpg · https://shop.example/fr/s
   page:      https://app.example/scorecards/2026-11-23/shop/fr

Scorecard: https://app.example/scorecards/2026-11-23/shop/fr`);
  });

  it('opens with the day in three lines and the summary page’s link, which then ends no message', () => {
    const digest = alertDigest('run-1', '2026-11-23', [alert(1)], {
      lines: ['one', 'two', 'three'],
      summaryUrl: 'https://app.example/scorecards/2026-11-23',
    });
    expect(digest.text.split('\n').slice(0, 6)).toEqual([
      'shelfwatch alerts for 2026-11-23 (run run-1): 1 rank drop',
      'one',
      'two',
      'three',
      'Summary: https://app.example/scorecards/2026-11-23',
      '',
    ]);
    expect(digest.text).not.toContain('Scorecard:');
  });

  it('stays under the SNS limits however many alerts there are', () => {
    const digest = alertDigest(
      'run-1',
      '2026-11-23',
      Array.from({ length: 5_000 }, (_unused, index) => alert(index)),
    );
    expect(digest.subject.length).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(digest.text)).toBeLessThan(256 * 1024);
    expect(digest.text).toMatch(/… and \d+ more: see the scorecard\./);
  });
});
