import { describe, expect, it } from 'vitest';
import { expandTargets, resolveTarget, targetKey } from '../../../functions/core/jobs/expand.ts';
import { partitionKeyOf } from '../../../functions/core/jobs/lanes.ts';
import { encodeJobRecord, jobRecordSchema } from '../../../functions/core/jobs/record.ts';
import { loadBundledSelectors } from '../../support/bundled-selectors.ts';

const { sites } = await loadBundledSelectors();

describe('Targets from selector files', () => {
  it('one per keyword of a search page, one per category and placement page, in file order', () => {
    const fr = expandTargets(sites, { markets: ['fr'] });
    expect(fr.map(targetKey)).toEqual([
      'demo-shop#fr#search#mascara',
      'demo-shop#fr#search#gel sourcils',
      'demo-shop#fr#search#rouge à lèvres',
      'demo-shop#fr#mascara#',
      'demo-shop#fr#home#',
    ]);
  });

  it('a filter narrows by site, market and kind; empty lists mean all', () => {
    expect(expandTargets(sites)).toHaveLength(20);
    expect(expandTargets(sites, { kinds: ['placement'] }).map((target) => target.market)).toEqual([
      'de',
      'fr',
      'uk',
      'us',
    ]);
    expect(
      expandTargets(sites, { sites: ['demo-shop'], markets: ['us', 'uk'], kinds: ['category'] }).map(targetKey),
    ).toEqual(['demo-shop#uk#mascara#', 'demo-shop#us#mascara#']);
    expect(expandTargets(sites, { sites: ['elsewhere'] })).toEqual([]);
    expect(expandTargets(sites, { markets: [] })).toHaveLength(20);
  });

  it('resolves a target to its selector file and page, and nothing when the files no longer have it', () => {
    const [target] = expandTargets(sites, { markets: ['uk'], kinds: ['category'] });
    expect(resolveTarget(sites, target!)).toMatchObject({
      site: { market: 'uk' },
      page: { kind: 'category', name: 'mascara' },
    });
    expect(resolveTarget(sites, { ...target!, page: 'lipstick' })).toBeUndefined();
    expect(resolveTarget(sites, { ...target!, kind: 'search' })).toBeUndefined();
  });
});

describe('A job as a Kinesis record', () => {
  it('carries names only, decodes to what was encoded, and is keyed by site and market', () => {
    const [target] = expandTargets(sites, { markets: ['de'] });
    const data = encodeJobRecord('2026-11-23-1a2b3c4d', '2026-11-23', target!);
    expect(jobRecordSchema.parse(JSON.parse(Buffer.from(data).toString('utf8')))).toEqual({
      v: 1,
      runId: '2026-11-23-1a2b3c4d',
      date: '2026-11-23',
      job: target,
    });
    expect(partitionKeyOf(target!)).toBe('demo-shop#de');
  });
});
