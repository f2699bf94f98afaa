import { describe, expect, it } from 'vitest';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import { jobPartitioner, lanesOf, partitionKeyOf, TABS_PER_LANE } from '../../../functions/core/jobs/lanes.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';

const { sites } = await loadSelectorDir(SELECTORS_DIR);
const search = (market: string, keyword: string) => ({
  site: 'demo-shop',
  market,
  page: 'search',
  kind: 'search' as const,
  keyword,
});

describe('Lanes: how a site × market is spread over the stream within its rate', () => {
  it.each([1, 2, 4, 7, 16, 64])('a rate of %i pages at once is that many lanes of one page at a time', (rate) => {
    expect(lanesOf(rate) * TABS_PER_LANE).toBeLessThanOrEqual(rate);
    expect(lanesOf(rate)).toBe(rate);
  });

  it('a market of rate 1 keeps the one key site#market; the default rate of 4 is four lanes', () => {
    const job = expandTargets(sites)[0]!;
    expect(partitionKeyOf(job, 1)).toBe(`${job.site}#${job.market}`);
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
