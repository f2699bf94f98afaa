import { describe, expect, it } from 'vitest';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import { jobPartitioner, lanesOf, partitionKeyOf } from '../../../functions/core/jobs/lanes.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';

const { sites } = await loadSelectorDir(SELECTORS_DIR);

describe('Lanes: how a site × market is spread over the stream within its rate', () => {
  it('the default (4 pages at once, 4 tabs per function) is one lane, keyed site#market as before', () => {
    expect(lanesOf(4, 4)).toEqual({ lanes: 1, tabsPerLane: 4 });
    const job = expandTargets(sites)[0]!;
    expect(partitionKeyOf(job)).toBe(`${job.site}#${job.market}`);
    expect(jobPartitioner(sites, 4)(job)).toBe(`${job.site}#${job.market}`);
  });

  it.each([
    [1, 4],
    [3, 4],
    [4, 4],
    [6, 4],
    [8, 4],
    [9, 4],
    [16, 4],
    [64, 16],
    [5, 1],
    [7, 3],
  ])(
    '%i pages at once with %i tabs per function: lanes × tabs per lane never passes the rate, and uses most of it',
    (concurrency, tabs) => {
      const { lanes, tabsPerLane } = lanesOf(concurrency, tabs);
      expect(lanes * tabsPerLane).toBeLessThanOrEqual(concurrency);
      expect(tabsPerLane).toBeLessThanOrEqual(tabs);
      expect(tabsPerLane).toBeGreaterThanOrEqual(1);
      // No lane could be added without passing the rate or a function's tabs.
      expect((lanes + 1) * tabsPerLane > concurrency || tabsPerLane < Math.min(tabs, concurrency)).toBe(true);
    },
  );

  it('spreads a market with a higher rate over its lanes, each target always in the same one', () => {
    const faster = sites.map((site) => (site.market === 'fr' ? { ...site, rate: { concurrency: 12 } } : site));
    const keyOf = jobPartitioner(faster, 4);
    const keywords = Array.from({ length: 300 }, (_u, i) => `keyword ${i}`);
    const jobs = keywords.map((keyword) => ({
      site: 'demo-shop',
      market: 'fr',
      page: 'search',
      kind: 'search' as const,
      keyword,
    }));
    const keys = jobs.map(keyOf);
    expect(new Set(keys)).toEqual(new Set(['demo-shop#fr#0', 'demo-shop#fr#1', 'demo-shop#fr#2']));
    for (const lane of new Set(keys)) expect(keys.filter((key) => key === lane).length).toBeGreaterThan(60);
    expect(jobs.map(keyOf)).toEqual(keys);
    // Other markets keep their one lane.
    expect(keyOf({ site: 'demo-shop', market: 'uk', page: 'search', kind: 'search', keyword: 'mascara' })).toBe(
      'demo-shop#uk',
    );
  });
});
