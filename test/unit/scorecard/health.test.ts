import { describe, expect, it } from 'vitest';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { scorecardCsv } from '../../../functions/core/views/card-csv.ts';
import { lastGoodLabel, selectorHealth } from '../../../functions/core/scorecard/health.ts';
import { healthSection } from '../../../functions/core/app-pages/health.ts';
import { problemsSection } from '../../../functions/core/app-pages/problems.ts';
import { formatHealth } from '../../../scripts/format/health.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { searchSummary } from '../../support/listing-fixtures.ts';

const summary = searchSummary();

function observation(over: Partial<Observation>): Observation {
  const { market = 'fr', page = 'search' } = over;
  const keyword = 'keyword' in over ? over.keyword : 'mascara';
  const prefix = `evidence/2026-11-23/shop/${market}/${page}/${keyword ?? '_'}/r`;
  return {
    site: 'shop',
    market,
    page,
    kind: 'search',
    keyword,
    date: '2026-11-23',
    runId: 'r',
    status: 'ok',
    message: null,
    pageUrl: `https://shop.example/${market}/s?q=${keyword}`,
    summary,
    evidence: { html: [`${prefix}-p1.html.gz`], screenshot: `${prefix}.jpg` },
    observedAt: '',
    ...over,
  };
}

/** A day where the fr search selector broke on 2026-11-21 for both keywords, us search works for one of two, home is blocked. */
function brokenCard() {
  const card = buildScorecard(
    '2026-11-23',
    [
      observation({ keyword: 'mascara', status: 'selector_miss', summary: null }),
      observation({ keyword: 'lipstick', status: 'selector_miss', summary: null }),
      observation({ market: 'us', keyword: 'mascara' }),
      observation({ market: 'us', keyword: 'lipstick', status: 'timeout', summary: null }),
      observation({ kind: 'placement', page: 'home', keyword: undefined, status: 'blocked', summary: null }),
      observation({ kind: 'category', page: 'mascara', keyword: undefined }),
    ],
    [],
  );
  // What loadScorecard adds from each problem's history.
  const fr = card.targets.find((t) => t.market === 'fr')!;
  for (const problem of fr.problems) {
    if (problem.status === 'selector_miss')
      Object.assign(problem, {
        brokenSince: problem.keyword === 'mascara' ? '2026-11-21' : '2026-11-22',
        lastGood: '2026-11-20',
      });
    else Object.assign(problem, { lastGood: '2026-11-19' });
  }
  card.targets.find((t) => t.market === 'us')!.problems[0]!.lastGood = '2026-11-22';
  return card;
}

describe('selectorHealth', () => {
  it('per site × market × page: status, last good run and days broken', () => {
    const rows = selectorHealth(brokenCard()).map(
      ({ market, kind, page, status, jobs, failing, lastGood, brokenSince, daysBroken }) => ({
        market,
        kind,
        page,
        status,
        jobs,
        failing,
        lastGood,
        brokenSince,
        daysBroken,
      }),
    );
    // Longest broken first, then what needs a look, then the pages that are fine.
    expect(rows).toEqual([
      {
        market: 'fr',
        kind: 'placement',
        page: 'home',
        status: 'blocked',
        jobs: 1,
        failing: 1,
        lastGood: '2026-11-19',
        brokenSince: null,
        daysBroken: 4,
      },
      // Broken since the earliest keyword broke: the 21st, 22nd and 23rd.
      {
        market: 'fr',
        kind: 'search',
        page: 'search',
        status: 'selector_miss',
        jobs: 2,
        failing: 2,
        lastGood: '2026-11-20',
        brokenSince: '2026-11-21',
        daysBroken: 3,
      },
      // One keyword read cleanly today: the selectors work; the other keyword timed out.
      {
        market: 'us',
        kind: 'search',
        page: 'search',
        status: 'timeout',
        jobs: 2,
        failing: 1,
        lastGood: '2026-11-23',
        brokenSince: null,
        daysBroken: 0,
      },
      {
        market: 'fr',
        kind: 'category',
        page: 'mascara',
        status: 'ok',
        jobs: 1,
        failing: 0,
        lastGood: '2026-11-23',
        brokenSince: null,
        daysBroken: 0,
      },
    ]);
  });

  it('a page with no good run within the lookback has no last good day and an open-ended count', () => {
    const card = buildScorecard('2026-11-23', [observation({ status: 'selector_miss', summary: null })], []);
    card.targets[0]!.problems[0]!.lastGood = null;
    expect(selectorHealth(card)[0]).toMatchObject({ lastGood: null, brokenSince: null, daysBroken: null });
  });

  it.each([
    ['a market added today, blocked on its first scan', 'blocked', '2026-11-23', 1],
    ['a market added three days ago, never read cleanly', 'http_error', '2026-11-21', 3],
  ])('%s: broken as long as it has been scanned, never "60+"', (_what, status, firstScanned, days) => {
    const card = buildScorecard('2026-11-23', [observation({ status: status as 'blocked', summary: null })], []);
    Object.assign(card.targets[0]!.problems[0]!, { lastGood: null, firstScanned });
    const row = selectorHealth(card)[0]!;
    expect(row).toMatchObject({ lastGood: null, daysBroken: days, firstScanned });
    expect(lastGoodLabel(row, 60)).toBe(`never (first scanned ${firstScanned})`);
  });
});

describe('a fix found after the run', () => {
  const fix = {
    command: 'shelfwatch suggest shop/fr --page search --date 2026-11-23',
    recovered: 8,
    known: 10,
    provenOn: 'search “lipstick”',
  };
  const card = () =>
    buildScorecard(
      '2026-11-23',
      [
        observation({ keyword: 'mascara', status: 'selector_miss', summary: null }),
        observation({ keyword: 'lipstick', status: 'selector_miss', summary: null, suggestedFix: fix }),
        observation({ market: 'us', keyword: 'mascara', status: 'selector_miss', summary: null }),
      ],
      [],
    );

  it('is on the page’s health row (from whichever of its keywords it was proven on), and on no other', () => {
    expect(selectorHealth(card()).map((row) => [row.market, row.fix])).toEqual([
      ['fr', fix],
      ['us', null],
    ]);
  });

  it('is said under "Needs attention" and in the health table of the market’s page, escaped', () => {
    const fr = card().targets.find((t) => t.market === 'fr')!;
    fr.problems.find((problem) => problem.keyword === 'lipstick')!.fix = { ...fix, command: `${fix.command} <b>` };
    const html = problemsSection(fr);
    expect(html.match(/A fix was found/g)).toHaveLength(1);
    expect(html).toContain(
      '(recovers 8 of 10 products on search “lipstick”): run <code>shelfwatch suggest shop/fr --page search --date 2026-11-23 &#60;b&#62;</code>',
    );
    const health = healthSection(selectorHealth(card()));
    expect(
      health.match(/a fix was found: run <code>shelfwatch suggest shop\/fr --page search --date 2026-11-23<\/code>/g),
    ).toHaveLength(1);
  });

  it('is printed under the terminal health table', () => {
    const text = formatHealth(selectorHealth(card()));
    expect(text.split('\n').filter((line) => line.includes('a fix was found'))).toEqual([
      '  ✔ shop / fr search: a fix was found (recovers 8 of 10 products on search “lipstick”): run shelfwatch suggest shop/fr --page search --date 2026-11-23',
    ]);
  });
});

describe('scorecard CSV in step with the JSON', () => {
  it('has one row per page with the same figures, last good run, page and screenshot', () => {
    const card = brokenCard();
    const [header, ...rows] = scorecardCsv(card)
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    const pages = card.targets.reduce((sum, t) => sum + t.search.length + t.categories.length + t.placements.length, 0);
    expect(rows).toHaveLength(pages);
    const frMascara = rows.find((row) => row[2] === 'fr' && row[5] === 'mascara')!;
    expect(frMascara[column('status')]).toBe('selector_miss');
    expect(frMascara[column('selector_broken_since')]).toBe('2026-11-21');
    expect(frMascara[column('last_good_run')]).toBe('2026-11-20');
    expect(frMascara[column('screenshot_key')]).toBe('evidence/2026-11-23/shop/fr/search/mascara/r.jpg');
    const usMascara = rows.find((row) => row[2] === 'us' && row[5] === 'mascara')!;
    expect(usMascara[column('our_best_organic_rank')]).toBe(
      String(card.targets[1]!.search.find((r) => r.keyword === 'mascara')!.ourBestOrganicRank.today),
    );
    expect(usMascara[column('last_good_run')]).toBe('2026-11-23');
    expect(usMascara[column('page_url')]).toBe('https://shop.example/us/s?q=mascara');
  });
});
