import { describe, expect, it } from 'vitest';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import { jobPartitioner, laneSplit, laneWidthOf, partitionKeyOf } from '../../../functions/core/jobs/lanes.ts';
import { loadBundledSelectors } from '../../support/bundled-selectors.ts';

const { sites } = await loadBundledSelectors();
const search = (market: string, keyword: string) => ({
  site: 'demo-shop',
  market,
  page: 'search',
  kind: 'search' as const,
  keyword,
});

describe('Lanes: how a site × market is spread over the stream within its rate', () => {
  it.each([1, 2, 4, 7, 16, 64])(
    'without a fleet, a rate of %i pages at once is that many lanes of one page',
    (rate) => {
      expect(laneSplit(rate)).toEqual({ lanes: rate, width: 1 });
    },
  );

  // Every split of every rate on every fleet: lanes × width never exceeds the rate, and it uses the rate when it can.
  const fleets = [1, 4, 10, 40, 400].flatMap((slots) => [1, 2, 4, 8].map((tabs) => ({ slots, tabs })));
  it.each(fleets)('on $slots slots with $tabs tabs, no split lets a market exceed its rate', (fleet) => {
    for (const rate of [1, 2, 3, 4, 5, 7, 12, 64])
      for (const fleetConcurrency of [rate, 8, 16, 240, 10_000]) {
        const { lanes, width } = laneSplit(rate, fleet, Math.max(rate, fleetConcurrency));
        expect(lanes * width, `rate ${rate}, fleet ${fleetConcurrency}`).toBeLessThanOrEqual(rate);
        expect(width).toBeLessThanOrEqual(Math.max(1, fleet.tabs));
        expect(lanes * width).toBeGreaterThan(rate / 2);
      }
  });

  it('few markets for the slots: lanes as wide as a function’s tabs; many: one page wide, spread out', () => {
    // Two markets of rate 4 on one local shard (10 slots) with 4 tabs: one lane each, four pages wide.
    expect(laneSplit(4, { slots: 10, tabs: 4 }, 8)).toEqual({ lanes: 1, width: 4 });
    // The demo's four markets: two lanes of two.
    expect(laneSplit(4, { slots: 10, tabs: 4 }, 16)).toEqual({ lanes: 2, width: 2 });
    // 60 markets on an on-demand stream (4 shards × 10): lanes one page wide, as before.
    expect(laneSplit(4, { slots: 40, tabs: 4 }, 240)).toEqual({ lanes: 4, width: 1 });
  });

  it('the key says how wide its lane is; keys that do not say are one page wide', () => {
    const job = search('us', 'mascara');
    const wide = partitionKeyOf(job, { lanes: 1, width: 4 });
    expect(wide).toBe('demo-shop#us#0w4');
    expect(laneWidthOf(wide)).toBe(4);
    for (const key of ['demo-shop#us', 'demo-shop#us#3', partitionKeyOf(job, { lanes: 4, width: 1 }), 'a#b#w4', ''])
      expect(laneWidthOf(key), key).toBe(1);
    const keyOf = jobPartitioner(sites, { slots: 10, tabs: 4 });
    const keys = new Set(expandTargets(sites).map(keyOf));
    expect([...keys].every((key) => laneWidthOf(key) === 2)).toBe(true);
    expect(keys.size).toBe(2 * sites.length);
  });

  it('a market of rate 1 keeps the one key site#market; the default rate of 4 is four lanes', () => {
    const job = expandTargets(sites)[0]!;
    expect(partitionKeyOf(job, { lanes: 1, width: 1 })).toBe(`${job.site}#${job.market}`);
    expect(sites.every((site) => site.rate.concurrency === 4)).toBe(true);
    expect(new Set(expandTargets(sites).map(jobPartitioner(sites))).size).toBeLessThanOrEqual(4 * sites.length);
  });

  it('spreads a market’s jobs evenly over its lanes, each target always in the same one, in every process', () => {
    const faster = sites.map((site) =>
      site.market === 'fr' ? { ...site, rate: { ...site.rate, concurrency: 12 } } : site,
    );
    const keyOf = jobPartitioner(faster);
    const jobs = Array.from({ length: 1_200 }, (_u, i) => search('fr', `keyword ${i}`));
    const keys = jobs.map(keyOf);
    expect(new Set(keys)).toEqual(new Set(Array.from({ length: 12 }, (_u, lane) => `demo-shop#fr#${lane}`)));
    for (const lane of new Set(keys)) expect(keys.filter((key) => key === lane).length).toBeGreaterThan(60);
    expect(jobs.map(jobPartitioner(faster))).toEqual(keys);
    // A market without a selector file (removed since) keeps one lane.
    expect(keyOf(search('jp', 'mascara'))).toBe('demo-shop#jp');
  });
});
