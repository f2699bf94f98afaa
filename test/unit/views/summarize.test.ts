import { describe, expect, it } from 'vitest';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { summarizeMarket } from '../../../functions/core/views/summarize.ts';
import { listing, observation, TODAY } from '../../support/scorecard-fixtures.ts';

const top = (brand: string, owner: 'ours' | 'competitor' | 'other') =>
  listing({ topOrganic: { name: `${brand} tile`, brand, owner } });

describe('A market in a few figures', () => {
  const card = buildScorecard(
    TODAY,
    [
      observation({ keyword: 'mascara', summary: top('Lumière', 'ours') }),
      observation({ keyword: 'lipstick', summary: top('Glossier', 'competitor') }),
      observation({ keyword: 'brow gel', summary: top('Brand Nobody Tracks', 'other') }),
      observation({ keyword: 'eyeliner', summary: top('', 'other') }),
    ],
    [],
  );
  const market = summarizeMarket(card.targets[0]!);

  it('counts every keyword another brand holds at #1, tracked competitor or not (it used to drop the untracked)', () => {
    expect(market.numberOnes).toEqual(['mascara']);
    expect(market.competitorNumberOnes.map((entry) => [entry.keyword, entry.tracked])).toEqual(
      expect.arrayContaining([
        ['lipstick', true],
        ['brow gel', false],
        ['eyeliner', false],
      ]),
    );
    expect(market.competitorNumberOnes).toHaveLength(3);
  });

  it('every keyword read is ours at #1 or another brand’s: none vanishes', () => {
    expect(market.numberOnes.length + market.competitorNumberOnes.length).toBe(4);
  });
});
