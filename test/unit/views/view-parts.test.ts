import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { marketPageHtml } from '../../../functions/core/app-pages/market.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { rowKey, SEARCH_ROWS_PER_PART, type MarketView } from '../../../functions/core/views/model.ts';
import { joinParts, splitView } from '../../../functions/core/views/view-parts.ts';
import { summarizeMarket } from '../../../functions/core/views/summarize.ts';
import { listing, observation, TODAY, YESTERDAY } from '../../support/scorecard-fixtures.ts';

function marketView(searchRows: number): MarketView {
  const today = [
    ...Array.from({ length: searchRows }, (_, index) =>
      observation({ keyword: `keyword ${index}`, summary: listing({ ourBestOrganicRank: 1 + (index % 9) }) }),
    ),
    observation({ kind: 'category', page: 'mascara', keyword: undefined }),
  ];
  const card = buildScorecard(TODAY, today, []).targets[0]!;
  card.placements = [
    {
      page: 'home',
      status: 'ok',
      slotsHeld: [],
      gained: [],
      lost: [],
      swapped: [],
      evidence: { pageUrl: null, screenshot: null, html: null },
    },
  ];
  const series: MarketView['series'] = Object.fromEntries([
    ...card.search.map((row) => [
      rowKey({ kind: 'search', page: row.page, keyword: row.keyword }),
      { rank: [[TODAY, row.ourBestOrganicRank.today]] },
    ]),
    ['category|mascara', { position: [[TODAY, 3]] }],
    ['placement|home', { slots: [[TODAY, 2]] }],
  ]);
  return {
    date: TODAY,
    previousDate: YESTERDAY,
    previousDateScanned: false,
    card,
    series,
    summary: summarizeMarket(card),
    part: { index: 0, count: 1, firstRow: 0, searchRows },
    builtAt: '',
  };
}

describe('a large market is stored and shown in parts', () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [SEARCH_ROWS_PER_PART, [SEARCH_ROWS_PER_PART]],
    [SEARCH_ROWS_PER_PART + 1, [SEARCH_ROWS_PER_PART, 1]],
    [450, [200, 200, 50]],
    [5_000, Array(25).fill(200)],
  ])('%i search rows → parts of %j rows, each with only its rows’ series', (rows, sizes) => {
    const view = marketView(rows);
    const parts = splitView(view);
    expect(parts.map((part) => part.card.search.length)).toEqual(sizes);
    for (const part of parts) {
      expect(part.part).toMatchObject({ count: sizes.length, searchRows: rows, firstRow: part.part.index * 200 });
      expect(part.summary).toEqual(view.summary);
      const keys = Object.keys(part.series);
      const own = part.card.search.map((row) => rowKey({ kind: 'search', page: row.page, keyword: row.keyword }));
      expect(keys.filter((key) => key.startsWith('search|')).sort()).toEqual(own.sort());
    }
    // Categories, placements and problems are the first part's only.
    expect(parts[0]!.card.categories).toHaveLength(1);
    expect(parts.slice(1).every((part) => part.card.categories.length + part.card.placements.length === 0)).toBe(true);
    expect(joinParts(parts)).toEqual(view);
  });

  it('the page of a middle part says which keywords it shows, links the others and keeps the trend window', () => {
    const parts = splitView(marketView(450));
    const $ = cheerio.load(marketPageHtml(parts[1]!, { days: 7, previous: null, next: null }));
    expect($('nav.parts').first().text()).toBe('Keywords 201–400 of 450 · ← previous 1 2 3 next →');
    const links = $('nav.parts')
      .first()
      .find('a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(['?days=7', '?days=7', '?days=7&part=3', '?days=7&part=3']);
    expect(
      $('.windows a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['?days=7&part=2', '?part=2', '?days=90&part=2']);
    expect($('table.search tbody tr')).toHaveLength(200);
    expect($('table.search tbody th').first().text()).toBe(`“${parts[1]!.card.search[0]!.keyword}”`);
    expect(
      $('caption')
        .map((_, c) => $(c).text())
        .get(),
    ).toEqual(['Search']);
    // The KPIs are the whole market's, not the part's.
    expect($('.kpi b').eq(1).text()).toBe(`${summarizeMarket(marketView(450).card).numberOnes.length} of 450`);
  });

  it('a market of one part has no parts navigation', () => {
    const $ = cheerio.load(marketPageHtml(splitView(marketView(12))[0]!, { days: 30, previous: null, next: null }));
    expect($('nav.parts')).toHaveLength(0);
    expect(
      $('caption')
        .map((_, c) => $(c).text())
        .get(),
    ).toContain('Placements');
  });
});
