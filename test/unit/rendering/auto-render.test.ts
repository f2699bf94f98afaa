import { describe, expect, it } from 'vitest';
import type { ListingResult, RankedTile } from '../../../functions/core/extract/types.ts';
import type { PageOutcome } from '../../../functions/core/page/types.ts';
import {
  CHECK_EVERY,
  checkedKeywords,
  renderPlan,
  sampled,
  trustedStaticRead,
  verdictKey,
  type RenderVerdict,
} from '../../../functions/core/rendering/choose-render.ts';
import { compareReads } from '../../../functions/core/rendering/compare-reads.ts';
import { readAuto } from '../../../functions/core/rendering/read-auto.ts';
import type { RenderVerdicts } from '../../../functions/core/rendering/render-verdicts.ts';

const tile = (name: string, over: Partial<RankedTile> = {}): RankedTile => ({
  name,
  brand: 'Lumière',
  url: `https://shop.example/p/${name}`,
  price: 12.5,
  priceText: '$12.50',
  extra: {},
  sponsored: false,
  position: 1,
  organicRank: 1,
  owner: 'ours',
  ...over,
});
const listing = (
  tiles: RankedTile[],
  status: PageOutcome['status'] = tiles.length ? 'ok' : 'selector_miss',
): PageOutcome => ({
  status,
  result: { kind: 'search', status, tiles, summary: {} } as unknown as ListingResult,
  captures: [],
  message: null,
});
const three = [tile('a'), tile('b'), tile('c')];
const target = { site: 'shop', market: 'us', page: 'search', kind: 'search' as const, keyword: 'mascara' };

describe('compareReads: does a plain fetch read what Chromium read?', () => {
  it('the same tiles in the same order are the same', () => {
    expect(compareReads(listing(three), listing(three.map((t) => ({ ...t }))))).toEqual({ same: true });
  });

  it.each([
    ['fewer tiles (the rest drawn by script)', listing(three.slice(0, 1)), /read 1 tiles where Chromium read 3/],
    ['no tiles at all', listing([]), /read selector_miss where Chromium read ok/],
    ['another order', listing([three[1]!, three[0]!, three[2]!]), /tile 1: name "b" by a plain fetch, "a" by Chromium/],
    ['a price filled in by script', listing([tile('a', { price: null }), three[1]!, three[2]!]), /tile 1: price null/],
    ['a sponsored flag set by script', listing([tile('a', { sponsored: true }), three[1]!, three[2]!]), /sponsored/],
    ['another link', listing([tile('a', { url: 'https://shop.example/p/a?ref=x' }), three[1]!, three[2]!]), /url/],
    ['a bot wall for the fetch', listing(three, 'blocked'), /read blocked where Chromium read ok/],
  ])('%s differs, and says how', (_name, fetched, why) => {
    const agreement = compareReads(listing(three), fetched);
    expect(agreement.same).toBe(false);
    if (!agreement.same) expect(agreement.why).toMatch(why);
  });
});

describe('renderPlan and the sample', () => {
  const verdict = (mode: RenderVerdict['mode']): RenderVerdict => ({
    mode,
    why: '',
    checkedAt: '2026-11-23T06:00:00Z',
    runId: 'r0',
    items: 3,
  });

  it('checks a page with no verdict; otherwise follows the verdict but for a tenth of jobs', () => {
    expect(renderPlan(undefined, 'r1', target)).toBe('check');
    const jobs = Array.from({ length: 2_000 }, (_u, i) => ({ ...target, keyword: `k${i}` }));
    const plans = jobs.map((job) => renderPlan(verdict('static'), 'r1', job));
    const checks = plans.filter((plan) => plan === 'check').length;
    expect(checks / jobs.length).toBeGreaterThan(0.5 / CHECK_EVERY);
    expect(checks / jobs.length).toBeLessThan(1.5 / CHECK_EVERY);
    expect(new Set(plans)).toEqual(new Set(['check', 'static']));
    expect(new Set(jobs.map((job) => renderPlan(verdict('chrome'), 'r1', job)))).toEqual(new Set(['check', 'chrome']));
  });

  it('a page of one job is checked on about a tenth of runs, a different tenth of keywords each run', () => {
    const runs = Array.from({ length: 2_000 }, (_u, i) => `run-${i}`);
    const share = runs.filter((run) => sampled(run, target)).length / runs.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    const keywords = Array.from({ length: 400 }, (_u, i) => ({ ...target, keyword: `k${i}` }));
    const picked = (run: string) => keywords.filter((job) => sampled(run, job)).map((job) => job.keyword);
    expect(picked('run-1')).not.toEqual(picked('run-2'));
  });

  it('a search page checks exactly a tenth of its keywords each run, a different tenth each run', () => {
    const keywords = Array.from({ length: 40 }, (_u, i) => `k${i}`);
    const runs = Array.from({ length: 200 }, (_u, i) => `2026-11-${i}-daily`);
    const drawn = runs.map((run) => checkedKeywords(run, target, keywords));
    expect(new Set(drawn.map((checked) => checked.size))).toEqual(new Set([4]));
    expect(new Set(drawn.map((checked) => [...checked].sort().join()))).toHaveProperty('size', runs.length);
    // Every keyword has its turn: none goes unchecked for 200 runs.
    const everChecked = new Set(drawn.flatMap((checked) => [...checked]));
    expect(everChecked).toEqual(new Set(keywords));
    // The plan follows the sample, job by job.
    const plans = keywords.map((keyword) => renderPlan(verdict('static'), runs[0]!, { ...target, keyword }, keywords));
    expect(plans.filter((plan) => plan === 'check')).toHaveLength(4);
  });

  it('a page of n keywords checks n / 10 rounded down or up, n / 10 on average, the same in every function', () => {
    const runs = Array.from({ length: 1_000 }, (_u, i) => `run-${i}`);
    for (const n of [1, 3, 9, 10, 13, 25, 99, 137]) {
      const keywords = Array.from({ length: n }, (_u, i) => `kw ${n}/${i}`);
      const sizes = runs.map((run) => checkedKeywords(run, target, keywords).size);
      expect(Math.min(...sizes)).toBe(Math.floor(n / CHECK_EVERY));
      expect(Math.max(...sizes)).toBe(n % CHECK_EVERY === 0 ? n / CHECK_EVERY : Math.floor(n / CHECK_EVERY) + 1);
      const mean = sizes.reduce((sum, size) => sum + size, 0) / runs.length;
      expect(Math.abs(mean - n / CHECK_EVERY)).toBeLessThan(0.06);
      // Another function (a fresh copy of the list, nothing remembered) draws the same sample.
      for (const run of runs.slice(0, 20))
        expect([...checkedKeywords(run, target, [...keywords])].sort()).toEqual(
          [...checkedKeywords(run, target, keywords)].sort(),
        );
    }
  });

  it('the remembered sample is the run asked for, and a keyword the file does not list falls back to its hash', () => {
    const keywords = Array.from({ length: 30 }, (_u, i) => `k${i}`);
    const first = [...checkedKeywords('r1', target, keywords)];
    checkedKeywords('r2', target, keywords);
    expect([...checkedKeywords('r1', target, keywords)]).toEqual(first);
    const stray = { ...target, keyword: 'not in the file' };
    expect(sampled('r1', stray, keywords)).toBe(sampled('r1', stray));
    // Duplicates in the file count once.
    expect(checkedKeywords('r1', target, [...keywords, ...keywords]).size).toBe(3);
  });

  it('one verdict per page, whatever the keyword', () => {
    expect(verdictKey(target)).toBe(verdictKey({ ...target, keyword: 'lipstick' }));
    expect(verdictKey(target)).not.toBe(verdictKey({ ...target, market: 'uk' }));
  });

  it('a plain read between checks stands only if ok and not far short of the last check', () => {
    expect(trustedStaticRead('ok', 3, verdict('static'))).toBeNull();
    expect(trustedStaticRead('ok', 2, verdict('static'))).toBeNull();
    expect(trustedStaticRead('ok', 1, verdict('static'))).toMatch(/read 1 items where Chromium read 3/);
    for (const status of ['selector_miss', 'blocked', 'http_error', 'failed', 'timeout'])
      expect(trustedStaticRead(status, 3, verdict('static'))).toMatch(new RegExp(status));
    // The page's own "no results" note is in its HTML when its checks agree.
    expect(trustedStaticRead('no_results', 0, verdict('static'))).toBeNull();
  });
});

/** Verdicts in memory, counting the writes. */
function memoryVerdicts(initial?: RenderVerdict): RenderVerdicts & { written: RenderVerdict[] } {
  let current = initial;
  const written: RenderVerdict[] = [];
  return {
    written,
    get: () => current,
    async set(_target, verdict) {
      current = verdict;
      written.push(verdict);
    },
  };
}

describe('readAuto', () => {
  const reads = (chrome: PageOutcome, fetched: PageOutcome) => {
    const calls: string[] = [];
    const read = async (way: 'static' | 'chrome') => {
      calls.push(way);
      return { outcome: way === 'chrome' ? chrome : fetched, retryable: true };
    };
    return { calls, read };
  };

  it('no verdict: Chromium is the figure, the plain fetch compared; the same → static from now on', async () => {
    const verdicts = memoryVerdicts();
    const { calls, read } = reads(listing(three), listing(three));
    const result = await readAuto({ runId: 'r1', target }, verdicts, read);
    expect(calls).toEqual(['chrome', 'static']);
    expect(result.outcome).toMatchObject({ renderedBy: 'chrome', renderCheck: { same: true } });
    expect(verdicts.written.map((v) => [v.mode, v.items])).toEqual([['static', 3]]);
  });

  it('no verdict, a script-rendered page: the check differs, the verdict is Chromium, and says why', async () => {
    const verdicts = memoryVerdicts();
    const { read } = reads(listing(three), listing([]));
    const result = await readAuto({ runId: 'r1', target }, verdicts, read);
    expect(result.outcome.renderedBy).toBe('chrome');
    expect(result.outcome.renderCheck).toMatchObject({ same: false, why: expect.stringMatching(/selector_miss/) });
    expect(verdicts.written[0]).toMatchObject({ mode: 'chrome', why: expect.stringMatching(/selector_miss/) });
  });

  // A job the sample does not pick (so that the plan is the verdict's).
  const unsampled = Array.from({ length: 50 }, (_u, i) => ({ ...target, keyword: `k${i}` })).find(
    (job) => !sampled('r2', job),
  )!;

  it('a static verdict: read with a plain fetch only, no tab of Chromium', async () => {
    const verdicts = memoryVerdicts({ mode: 'static', why: '', checkedAt: '', runId: 'r1', items: 3 });
    const { calls, read } = reads(listing(three), listing(three));
    const result = await readAuto({ runId: 'r2', target: unsampled }, verdicts, read);
    expect(calls).toEqual(['static']);
    expect(result.outcome.renderedBy).toBe('static');
    expect(verdicts.written).toEqual([]);
  });

  it.each([
    ['comes back empty', listing([])],
    ['comes back blocked', listing(three, 'blocked')],
    ['reads far fewer tiles than the last check', listing(three.slice(0, 1))],
  ])(
    'a static verdict whose plain read %s: read again with Chromium at once, and the page goes to Chromium',
    async (_name, fetched) => {
      const verdicts = memoryVerdicts({ mode: 'static', why: '', checkedAt: '', runId: 'r1', items: 3 });
      const { calls, read } = reads(listing(three), fetched);
      const result = await readAuto({ runId: 'r2', target: unsampled }, verdicts, read);
      expect(calls).toEqual(['static', 'chrome']);
      expect(result.outcome.renderedBy).toBe('chrome');
      expect(result.outcome.result).toEqual(listing(three).result);
      expect(verdicts.written.map((v) => v.mode)).toEqual(['chrome']);
    },
  );

  it('a check whose Chromium read is blocked compares nothing and keeps the verdict', async () => {
    const verdicts = memoryVerdicts();
    const { calls, read } = reads(listing(three, 'blocked'), listing(three));
    const result = await readAuto({ runId: 'r1', target }, verdicts, read);
    expect(calls).toEqual(['chrome']);
    expect(result.outcome.status).toBe('blocked');
    expect(verdicts.written).toEqual([]);
  });
});
