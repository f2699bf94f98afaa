import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { rankConfidence } from '../../../functions/core/accuracy/rank-confidence.ts';
import { detectAlerts } from '../../../functions/core/alerts/detect.ts';
import { rankReadsNote } from '../../../functions/core/app-pages/fragments.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import { listing, observation, TODAY, YESTERDAY } from '../../support/scorecard-fixtures.ts';

describe('ranks with a confidence: several reads a day', () => {
  it.each([
    [[3, 3, 3], 3, 0, false],
    [[2, 5, 3], 3, 3, true],
    [[1, 2], 1.5, 1, false],
    [[2, null, 3], 3, 7, true],
    [[null, null, 4], null, 5, true],
  ] as const)('reads %j: median %s, spread %s, varies %s', (ranks, median, spread, unstable) => {
    expect(rankConfidence([...ranks], 8)).toEqual({ ranks: [...ranks], median, spread, unstable });
  });

  const day = (date: string, rank: number, ranks?: Array<number | null>) =>
    observation({
      date,
      summary: listing({ ourBestOrganicRank: rank }),
      ...(ranks ? { rankReads: rankConfidence(ranks, 10) } : {}),
    });

  it('the scorecard shows the median of the reads, not the first read', () => {
    const card = buildScorecard(TODAY, [day(TODAY, 2, [2, 6, 5])], [day(YESTERDAY, 2)]);
    const row = card.targets[0]!.search[0]!;
    expect(row.ourBestOrganicRank).toEqual({ today: 5, yesterday: 2, change: -3 });
    expect(row.rankReads).toMatchObject({ spread: 4, unstable: true });
  });

  it('a drop within the reads’ spread is not alerted; one beyond it is', () => {
    const drops = (ranks: number[]) =>
      detectAlerts(buildScorecard(TODAY, [day(TODAY, ranks[0]!, ranks)], [day(YESTERDAY, 1)])).filter(
        (alert) => alert.kind === 'rank_drop',
      );
    // Median 4 (3 places down), spread 4: the shelf varies more than it moved.
    expect(drops([2, 4, 6])).toEqual([]);
    // Median 6 (5 places down), spread 1: a fall.
    expect(drops([6, 6, 7])).toEqual([expect.objectContaining({ today: expect.stringContaining('6') })]);
    // Read once, as before: a drop of 3 is alerted.
    expect(detectAlerts(buildScorecard(TODAY, [day(TODAY, 4)], [day(YESTERDAY, 1)])).map((a) => a.kind)).toContain(
      'rank_drop',
    );
  });

  it('the market page says how many reads, each one, the spread, and flags a shelf that varies', () => {
    const $ = cheerio.load(rankReadsNote(rankConfidence([2, 5, 3], 10)));
    expect($.text()).toBe('median of 3 reads (#2, #5, #3), spread 3 shelf varies between visits');
    expect(rankReadsNote(rankConfidence([2, 2], 10))).not.toContain('varies');
    expect(rankReadsNote(undefined)).toBe('');
  });
});
