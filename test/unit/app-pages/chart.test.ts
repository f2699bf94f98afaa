import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { lineChart } from '../../../functions/core/app-pages/chart.ts';

const page = (html: string) => cheerio.load(html);

describe('trend charts', () => {
  const series: Array<[string, number | null]> = [
    ['2026-11-20', 4],
    ['2026-11-21', null],
    ['2026-11-22', 2],
    ['2026-11-23', 1],
  ];
  const $ = page(lineChart(series, { label: 'our rank', lowerIsBetter: true }));

  it('has an axis, the first and last dates, the values, and a text alternative', () => {
    expect($('line.axis').length).toBe(2);
    expect(
      $('text.tick')
        .map((_, t) => $(t).text())
        .get(),
    ).toEqual(['1', '4', '11-20', '11-23']);
    expect($('text.last').text()).toBe('1');
    expect($('svg').attr('aria-label')).toBe(
      'our rank from 2026-11-20 to 2026-11-23: 2026-11-20 4, 2026-11-22 2, 2026-11-23 1',
    );
    expect(
      $('circle title')
        .map((_, t) => $(t).text())
        .get(),
    ).toEqual(['2026-11-20: 4', '2026-11-22: 2', '2026-11-23: 1']);
  });

  it('leaves a gap on a day not read, and draws rank 1 at the top', () => {
    expect($('path.line').length).toBe(2);
    const y = (index: number) => Number($('circle').eq(index).attr('cy'));
    expect(y(2)).toBeLessThan(y(1));
    expect(y(1)).toBeLessThan(y(0));
  });

  it('a share rises upward; one day alone is a dot; no day read says so', () => {
    const share = page(
      lineChart(
        [
          ['a', 0.1],
          ['b', 0.3],
        ],
        { label: 'share' },
      ),
    );
    expect(Number(share('circle').eq(1).attr('cy'))).toBeLessThan(Number(share('circle').eq(0).attr('cy')));
    expect(page(lineChart([['2026-11-23', 3]], { label: 'rank', lowerIsBetter: true }))('circle').length).toBe(1);
    expect(lineChart([['2026-11-23', null]], { label: 'rank' })).toBe(
      '<div class="muted">rank: none in these days</div>',
    );
  });
});
