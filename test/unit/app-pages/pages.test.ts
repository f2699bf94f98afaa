import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { BrandShare } from '../../../functions/core/extract/types.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { marketPageHtml } from '../../../functions/core/app-pages/market.ts';
import { shareBars } from '../../../functions/core/app-pages/fragments.ts';
import { summaryPageHtml } from '../../../functions/core/app-pages/summary.ts';
import type { HeldSlot, MarketScorecard } from '../../../functions/core/scorecard/types.ts';
import type { DaySummary, MarketView } from '../../../functions/core/views/model.ts';
import { summarizeMarket } from '../../../functions/core/views/summarize.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { EIGHT_BRANDS, listing, observation, TODAY, YESTERDAY } from '../../support/scorecard-fixtures.ts';

const slot = (slot: string, index: number, name: string): HeldSlot => ({ slot, index, name, brand: 'Lumière' });

function marketCard(today: Observation[], yesterday: Observation[] = []): MarketScorecard {
  return buildScorecard(TODAY, today, yesterday).targets[0]!;
}

function view(card: MarketScorecard, series: MarketView['series'] = {}): MarketView {
  return {
    date: TODAY,
    previousDate: YESTERDAY,
    previousDateScanned: true,
    card,
    series,
    summary: summarizeMarket(card),
    part: { index: 0, count: 1, firstRow: 0, searchRows: card.search.length },
    builtAt: '',
  };
}

const page = (html: string) => cheerio.load(html);
const context = { days: 30, previous: YESTERDAY, next: null };

describe('share of search by brand', () => {
  it('shows every tracked brand, ours always, the rest as "others": eight brands at 12.5 % each', () => {
    const $ = page(shareBars(EIGHT_BRANDS));
    const legend = $('.legend li')
      .map((_, li) => $(li).text())
      .get();
    expect(legend).toEqual([
      'Lumière (ours) 12.5% · 1 of 8',
      'Pure Botanica (ours) 12.5% · 1 of 8',
      'Glossier 12.5% · 1 of 8',
      'Maybelline 12.5% · 1 of 8',
      'others (4 brands) 50.0% · 4 of 8',
    ]);
    const widths = $('.stack span')
      .map((_, span) => Number(/width:([\d.]+)%/.exec($(span).attr('style') ?? '')![1]))
      .get();
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
    // No label is clipped to fit: the legend carries each name whole.
    expect($('.stack span').first().attr('title')).toBe('Lumière 12.5%');
  });

  it.each([
    ['only ours', EIGHT_BRANDS.slice(0, 2), ['Lumière (ours) 50.0% · 1 of 2', 'Pure Botanica (ours) 50.0% · 1 of 2']],
    ['none of ours', EIGHT_BRANDS.slice(4), ['others (4 brands) 100.0% · 4 of 4']],
    [
      'twenty competitors',
      Array.from({ length: 20 }, (_, i) => ({ brand: `C${i}`, owner: 'competitor' as const, tiles: 1, share: 0.05 })),
      Array.from({ length: 20 }, (_, i) => `C${i} 5.0% · 1 of 20`),
    ],
  ])('%s: every brand listed, shares adding up', (_what, shares, expected) => {
    const $ = page(shareBars(shares));
    expect(
      $('.legend li')
        .map((_, li) => $(li).text())
        .get(),
    ).toEqual(expected);
  });

  it('nothing read is a dash, not an empty bar', () => {
    expect(shareBars([])).toContain('–');
  });
});

describe('a market page', () => {
  const card = marketCard(
    [observation({})],
    [
      observation({
        date: YESTERDAY,
        summary: listing({ ourBestOrganicRank: 1, topOrganic: { name: 'Volume', brand: 'Lumière', owner: 'ours' } }),
      }),
    ],
  );
  const $ = page(marketPageHtml(view(card), context));
  const row = $('table.search tbody tr').first();

  it('counts agree with the share: "2 of 8 organic tiles" beside 25 %', () => {
    const cells = row
      .find('td')
      .map((_, td) => $(td).text())
      .get();
    expect(cells[2]).toBe('2 of 8');
    expect(cells[3]).toMatch(/^25(\.0)?%/);
  });

  it('says who holds #1 on every keyword, and who held it yesterday', () => {
    expect(row.find('td').eq(1).text()).toBe('Glossier Lash Idol (was us)');
    const ours = page(
      marketPageHtml(
        view(
          marketCard([
            observation({ summary: listing({ topOrganic: { name: 'Volume', brand: 'Lumière', owner: 'ours' } }) }),
          ]),
        ),
        context,
      ),
    );
    expect(ours('table.search tbody tr td').eq(1).text()).toBe('us Volume');
  });

  it('links evidence through the app, and the live page only when it is http(s)', () => {
    const links = row
      .find('.proof a')
      .map((_, a) => [[$(a).text(), $(a).attr('href')]])
      .get();
    expect(links).toEqual([
      ['screenshot', `/evidence/${TODAY}/shop/fr/search/mascara/r.jpg`],
      ['archived page', `/evidence/${TODAY}/shop/fr/search/mascara/r-p1.html.gz`],
      ['live page', 'https://shop.example/fr/search?q=mascara'],
    ]);
  });

  it('names a page once and says plainly when a chart has nothing to draw', () => {
    const broken = marketCard([observation({ status: 'selector_miss', summary: null, message: 'no tiles matched' })]);
    const html = marketPageHtml(view(broken), context);
    const text = page(html).text();
    expect(text).not.toMatch(/search search/);
    expect(text).toContain('our rank for “mascara”: none in these days');
    expect(text).not.toMatch(/daysno|days\S*our/);
  });

  it('a swap of our products in a slot reads as still ours, not as a lost placement', () => {
    const withSlots: MarketScorecard = {
      ...card,
      placements: [
        {
          page: 'home',
          status: 'ok',
          slotsHeld: [slot('hero', 1, 'Volume Noir')],
          gained: [],
          lost: [slot('carousel', 3, 'Old Gloss')],
          swapped: [{ from: slot('hero', 1, 'Volume'), to: slot('hero', 1, 'Volume Noir') }],
          evidence: { pageUrl: null, screenshot: null, html: null },
        },
      ],
    };
    const $$ = page(marketPageHtml(view(withSlots), context));
    const changes = $$('table')
      .filter((_, t) => $$(t).find('caption').text() === 'Placements')
      .find('tbody td')
      .eq(1)
      .text();
    expect(changes).toContain('⇄ hero #1: Volume → Volume Noir (another of ours: still our placement)');
    expect(changes).toContain('− carousel #3 Old Gloss');
    expect(summarizeMarket(withSlots).placements).toEqual({ held: 1, gained: 0, lost: 1, swapped: 1 });
  });

  it('has a heading, captioned tables with column headers, and day navigation', () => {
    expect($('h1').text()).toContain('shop · FR');
    expect($('table caption').first().text()).toBe('Search');
    expect($('table.search thead th[scope="col"]').length).toBeGreaterThan(5);
    expect($('table.search tbody th[scope="row"]').first().text()).toBe('“mascara”');
    const nav = $('nav a')
      .map((_, a) => [[$(a).text(), $(a).attr('href')]])
      .get();
    expect(nav).toContainEqual([`← ${YESTERDAY}`, `/scorecards/${YESTERDAY}/shop/fr`]);
    expect(nav).toContainEqual(['Summary of the day', `/scorecards/${TODAY}`]);
    expect(nav.some(([label]) => String(label).endsWith('→'))).toBe(false);
  });
});

describe('what a page refuses to pass on', () => {
  const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
  const card = marketCard([
    observation({
      keyword: hostile,
      pageUrl: 'javascript:alert(1)',
      summary: listing({
        shareOfSearch: [{ brand: hostile, owner: 'competitor', tiles: 8, share: 1 }],
        topOrganic: { name: hostile, brand: hostile, owner: 'competitor' },
      }),
    }),
    observation({ keyword: 'kohl', status: 'blocked', message: hostile, pageUrl: 'data:text/html,<b>x</b>' }),
  ]);
  const pages = {
    market: marketPageHtml(view(card), context),
    summary: summaryPageHtml(daySummary([card]), { previous: null, next: null }),
  };

  it.each(Object.entries(pages))('the %s page escapes page text and links no script or data: URL', (_name, html) => {
    const $ = page(html);
    expect($('script').length).toBe(0);
    expect($('img').length).toBe(0);
    expect($('[onerror]').length).toBe(0);
    const hrefs = $('a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(hrefs.filter((href) => !/^(\/|\?|#|https?:)/.test(href))).toEqual([]);
    expect(html).not.toMatch(/href="(javascript|data):/i);
  });

  it('a shared page has no navigation into the app, no forms and no evidence', () => {
    const shared = { expiresAt: '2026-12-30T00:00:00.000Z' };
    for (const html of [
      marketPageHtml(view(card), { ...context, shared, canShare: true }),
      summaryPageHtml(daySummary([card]), { previous: YESTERDAY, next: null, shared, canShare: true }),
    ]) {
      const $ = page(html);
      expect($('form').length).toBe(0);
      expect($('nav a').length).toBe(0);
      expect(
        $('a[href^="/"]')
          .map((_, a) => $(a).attr('href'))
          .get()
          .filter((href) => !href.startsWith('/evidence')),
      ).toEqual([]);
      expect(html).toContain('A read-only view shared with you, until 2026-12-30.');
    }
  });

  it('offers the share form to administrators only', () => {
    expect(page(marketPageHtml(view(card), { ...context, canShare: true }))('form[action="/shares"]').length).toBe(1);
    expect(page(marketPageHtml(view(card), context))('form').length).toBe(0);
  });
});

function daySummary(cards: MarketScorecard[]): DaySummary {
  const statusCounts = cards[0]!.statusCounts;
  return {
    date: TODAY,
    previousDate: YESTERDAY,
    previousDateScanned: true,
    pages: cards.reduce((sum, card) => sum + Object.values(card.statusCounts).reduce((a, b) => a + b, 0), 0),
    statusCounts,
    markets: cards.map(summarizeMarket),
    whole: true,
    builtAt: '',
  };
}

describe('the summary page', () => {
  const fr = marketCard(
    [
      observation({}),
      observation({
        keyword: 'kohl',
        summary: listing({ ourBestOrganicRank: 1, topOrganic: { name: 'K', brand: 'Lumière', owner: 'ours' } }),
      }),
    ],
    [
      observation({ date: YESTERDAY, summary: listing({ ourBestOrganicRank: 6 }) }),
      observation({ date: YESTERDAY, keyword: 'kohl', summary: listing({ ourBestOrganicRank: 1 }) }),
    ],
  );
  const de = marketCard(
    [
      observation({ market: 'de', summary: listing({ ourBestOrganicRank: 7, ourTilesInTopN: 1 }) }),
      observation({ market: 'de', keyword: 'kohl', status: 'selector_miss' }),
    ],
    [observation({ market: 'de', date: YESTERDAY, summary: listing({ ourBestOrganicRank: 3 }) })],
  );
  const $ = page(summaryPageHtml(daySummary([de, fr]), { previous: YESTERDAY, next: '2026-11-24' }));

  it('shows every market on one screen, each linking to its page', () => {
    const rows = $('table tbody tr')
      .map((_, tr) => [[$(tr).find('th').text(), $(tr).find('th a').attr('href')]])
      .get();
    expect(rows).toEqual([
      ['shop · DE', `/scorecards/${TODAY}/shop/de`],
      ['shop · FR', `/scorecards/${TODAY}/shop/fr`],
    ]);
  });

  it('adds markets up by tiles, not by averaging their shares', () => {
    // fr: 2 + 2 of 16, de: 1 of 8 (its broken page counts nothing) → 5 of 24.
    expect($('.kpi b').first().text()).toBe(`${((5 / 24) * 100).toFixed(1)}%`);
    expect($('.kpi b').eq(1).text()).toBe('1 of 4');
  });

  it('lists the biggest movers up and down, and the pages needing attention', () => {
    const up = $('h3:contains("Up")').next('ul').text();
    const down = $('h3:contains("Down")').next('ul').text();
    expect(up).toContain('“mascara” #6 → #2 ▲4');
    expect(down).toContain('“mascara” #3 → #7 ▼4');
    const attention = $('table tbody tr').first().find('td').last();
    expect(attention.find('a').attr('href')).toBe(`/scorecards/${TODAY}/shop/de#problems`);
    expect(attention.text()).toBe('1 page');
  });

  it('navigates to the day before and after', () => {
    const nav = $('nav a')
      .map((_, a) => [[$(a).text(), $(a).attr('href')]])
      .get();
    expect(nav).toContainEqual([`← ${YESTERDAY}`, `/scorecards/${YESTERDAY}`]);
    expect(nav).toContainEqual(['2026-11-24 →', '/scorecards/2026-11-24']);
  });
});
