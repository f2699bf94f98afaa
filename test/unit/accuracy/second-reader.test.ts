import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { compareReadings } from '../../../functions/core/accuracy/compare-readings.ts';
import { accuracyTooLow, marketAccuracy } from '../../../functions/core/accuracy/market-accuracy.ts';
import { isSecondReadSample } from '../../../functions/core/accuracy/sample.ts';
import { secondReadingOf } from '../../../functions/core/accuracy/second-reading.ts';
import { detectAlerts } from '../../../functions/core/alerts/detect.ts';
import { accuracySection } from '../../../functions/core/app-pages/accuracy.ts';
import { ACCURACY_SERIES } from '../../../functions/core/views/model.ts';
import { withAccuracy } from '../../../functions/core/views/series.ts';
import type { ListingResult, RankedTile } from '../../../functions/core/extract/types.ts';
import { summarizeListing } from '../../../functions/core/extract/listing.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { observation, TODAY } from '../../support/scorecard-fixtures.ts';

const tile = (name: string, rank: number, owner: RankedTile['owner'] = 'other', sponsored = false): RankedTile => ({
  name,
  brand: owner === 'ours' ? 'Lumière' : 'Other',
  owner,
  url: null,
  price: null,
  priceText: null,
  sponsored,
  extra: {},
  position: rank,
  organicRank: sponsored ? null : rank,
});
const listing = (tiles: RankedTile[]): ListingResult => ({
  kind: 'search',
  status: 'ok',
  tiles,
  summary: summarizeListing(tiles, 10),
});
const SHELF = [tile('Volume', 1, 'ours'), tile('Curl', 2), tile('Lift', 3)];

describe('the second reader: which pages, and what counts as disagreeing', () => {
  const jobs = Array.from({ length: 2_000 }, (_u, i) => ({ site: 's', market: 'm', page: 'search', keyword: `k${i}` }));
  it('samples about the share asked, the same pages on a redelivery, other pages another day', () => {
    const sampled = jobs.filter((job) => isSecondReadSample(job, TODAY, 0.1));
    expect(sampled.length).toBeGreaterThan(150);
    expect(sampled.length).toBeLessThan(250);
    expect(jobs.filter((job) => isSecondReadSample(job, TODAY, 0.1))).toEqual(sampled);
    expect(jobs.filter((job) => isSecondReadSample(job, '2026-11-24', 0.1))).not.toEqual(sampled);
    expect(jobs.every((job) => isSecondReadSample(job, TODAY, 1))).toBe(true);
    expect(jobs.some((job) => isSecondReadSample(job, TODAY, 0))).toBe(false);
  });

  it('two readings of the same shelf agree', () => {
    expect(compareReadings(listing(SHELF), listing(SHELF.map((t) => ({ ...t }))))).toEqual([]);
  });

  it.each([
    ['our rank moved', [tile('Curl', 1), tile('Volume', 2, 'ours'), tile('Lift', 3)], 'our best organic rank'],
    ['another product at #1', [tile('Lift', 1), tile('Volume', 2, 'ours'), tile('Curl', 3)], '#1 organic'],
    [
      'an ad read as organic',
      [tile('Curl', 1, 'other', true), tile('Volume', 1, 'ours'), tile('Lift', 2)],
      'sponsored tiles',
    ],
    ['a tile missing', [tile('Volume', 1, 'ours'), tile('Curl', 2)], 'organic top N'],
  ])('a figure that differs is named with both values: %s', (_what, other, figure) => {
    const differences = compareReadings(listing(SHELF), listing(other));
    expect(differences.map((d) => d.figure)).toContain(figure);
    expect(differences.every((d) => d.first !== d.second)).toBe(true);
  });

  it('a second reading that was not ok disagrees, saying so', () => {
    const outcome = {
      status: 'ok' as const,
      result: listing(SHELF),
      captures: [],
      message: null,
      secondRead: {
        way: 'chrome' as const,
        status: 'blocked' as const,
        result: null,
        captures: [],
        message: 'wall',
        alertBelow: 0.9,
      },
    };
    expect(secondReadingOf(outcome, { html: ['b.html.gz'], screenshot: 'b.jpg' }, 0.9)).toMatchObject({
      agree: false,
      differences: [{ figure: 'status', first: 'ok', second: 'blocked' }],
      evidence: { html: ['b.html.gz'], screenshot: 'b.jpg' },
    });
  });
});

describe('a market’s accuracy, on the scorecard, its page and its alert', () => {
  const checked = (keyword: string, agree: boolean): Observation =>
    observation({
      keyword,
      runId: 'r',
      renderedBy: 'static',
      evidence: { html: [`first-${keyword}.html.gz`], screenshot: `first-${keyword}.jpg` },
      secondRead: {
        way: 'chrome',
        status: 'ok',
        agree,
        differences: agree ? [] : [{ figure: 'our best organic rank', first: '1', second: '3' }],
        message: null,
        evidence: { html: [`second-${keyword}.html.gz`], screenshot: `second-${keyword}.jpg` },
        alertBelow: 0.9,
      },
    });
  const day = (agreeing: number, disagreeing: number) => [
    ...Array.from({ length: agreeing }, (_u, i) => checked(`a${i}`, true)),
    ...Array.from({ length: disagreeing }, (_u, i) => checked(`d${i}`, false)),
    observation({ keyword: 'unchecked' }),
  ];

  it('counts the pages read twice, not the others, and keeps each disagreement with both readings’ evidence', () => {
    const accuracy = marketAccuracy(day(3, 1))!;
    expect(accuracy).toMatchObject({ compared: 4, agreeing: 3, rate: 0.75, alertBelow: 0.9 });
    expect(accuracy.disagreements).toEqual([
      expect.objectContaining({
        keyword: 'd0',
        firstWay: 'static',
        secondWay: 'chrome',
        first: { screenshot: 'first-d0.jpg', html: 'first-d0.html.gz', runId: 'r' },
        second: { screenshot: 'second-d0.jpg', html: 'second-d0.html.gz' },
      }),
    ]);
    expect(marketAccuracy([observation({})])).toBeUndefined();
  });

  it('alerts below the threshold on enough pages, as a broken selector is alerted, and not on too few', () => {
    expect(accuracyTooLow(marketAccuracy(day(3, 1)))).toBe(true);
    expect(accuracyTooLow(marketAccuracy(day(9, 1)))).toBe(false);
    expect(accuracyTooLow(marketAccuracy(day(1, 1)))).toBe(false);
    const alerts = detectAlerts(buildScorecard(TODAY, day(3, 1), []));
    expect(alerts.filter((alert) => alert.kind === 'selector_broken')).toEqual([
      expect.objectContaining({
        what: 'Readings disagree: 3 of 4 pages read twice agree (75 %, below 90 %)',
        today: 'e.g. search “d0”: our best organic rank 1 vs 3',
      }),
    ]);
  });

  it('the market page shows every disagreement with both readings and both evidence links', () => {
    const $ = cheerio.load(accuracySection(marketAccuracy(day(3, 1))));
    expect($('p').text()).toContain('3 of 4 (75 %) agree on every figure');
    expect(
      $('li table td')
        .map((_i, td) => $(td).text())
        .get(),
    ).toEqual(['1', '3']);
    expect(
      $('li a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['/first-d0.jpg', '/first-d0.html.gz', '/second-d0.jpg', '/second-d0.html.gz']);
    expect(accuracySection(undefined)).toBe('');
  });

  it('keeps each day’s accuracy as the market’s history, and charts it on the market page', () => {
    const card = (agreeing: number, disagreeing: number) =>
      buildScorecard(TODAY, day(agreeing, disagreeing), []).targets[0]!;
    const before: [string, number | null][] = [
      ['2026-08-01', 0.5], // past the 90 days a view keeps
      ['2026-11-21', 1],
      ['2026-11-22', 0.9],
    ];
    const series = withAccuracy({}, before, card(3, 1), TODAY);
    expect(series[ACCURACY_SERIES]?.accuracy).toEqual([
      ['2026-11-21', 1],
      ['2026-11-22', 0.9],
      [TODAY, 0.75],
    ]);
    // A day with no page read twice adds no point, and drops none.
    expect(withAccuracy({}, before.slice(1), buildScorecard(TODAY, [observation({})], []).targets[0]!, TODAY)).toEqual({
      [ACCURACY_SERIES]: { accuracy: before.slice(1) },
    });
    const $ = cheerio.load(accuracySection(marketAccuracy(day(3, 1)), series[ACCURACY_SERIES]!.accuracy));
    expect($('svg, .muted').length).toBeGreaterThan(0);
    expect($.html()).toContain('pages whose two readings agree');
  });
});
