import { describe, expect, it } from 'vitest';
import { daySummaryLines } from '../../../functions/core/alerts/day-lines.ts';
import { buildScorecard } from '../../../functions/core/scorecard/build.ts';
import type { DaySummary } from '../../../functions/core/views/model.ts';
import { summarizeMarket } from '../../../functions/core/views/summarize.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { listing, observation, TODAY, YESTERDAY } from '../../support/scorecard-fixtures.ts';

function day(today: Observation[], yesterday: Observation[]): DaySummary {
  const card = buildScorecard(TODAY, today, yesterday);
  return {
    date: TODAY,
    previousDate: YESTERDAY,
    previousDateScanned: yesterday.length > 0,
    pages: card.pages,
    statusCounts: card.statusCounts,
    markets: card.targets.map(summarizeMarket),
    whole: true,
    builtAt: '',
  };
}

describe('the day in three lines, atop the alert message', () => {
  it('adds markets up by tiles, names the biggest moves and the markets needing attention', () => {
    const ours = { name: 'V', brand: 'Lumière', owner: 'ours' as const };
    const lines = daySummaryLines(
      day(
        [
          observation({ summary: listing({ ourBestOrganicRank: 1, topOrganic: ours }) }),
          observation({ market: 'de', summary: listing({ ourBestOrganicRank: 6, ourTilesInTopN: 1 }) }),
          observation({ market: 'uk', status: 'blocked', message: 'Bot wall' }),
        ],
        [
          observation({ date: YESTERDAY, summary: listing({ ourBestOrganicRank: 4 }) }),
          observation({ date: YESTERDAY, market: 'de', summary: listing({ ourBestOrganicRank: 2 }) }),
        ],
      ),
    );
    expect(lines).toEqual([
      // fr 2 of 8, de 1 of 8 (the blocked uk page counts nothing): 3 of 16.
      'Share of search 18.8% (3 of 16 organic tiles) · #1 on 1 of 3 keywords · another brand on 1',
      'Placements 0 held, 0 gained, 0 lost · biggest moves ▲ “mascara” shop/fr #4→#1, ▼ “mascara” shop/de #2→#6',
      'Pages 2 of 3 read cleanly across 3 markets · 1 need attention (shop/uk)',
    ]);
  });

  it('a day with no search read and nothing moved says so', () => {
    const lines = daySummaryLines(day([observation({ status: 'timeout', message: 'Timed out' })], []));
    expect(lines).toEqual([
      'Share of search: no search page read',
      'Placements 0 held, 0 gained, 0 lost · no rank moved',
      'Pages 0 of 1 read cleanly across 1 market · 1 need attention (shop/fr)',
    ]);
  });

  it('names at most three markets needing attention', () => {
    const broken = ['de', 'fr', 'it', 'nl', 'uk'].map((market) =>
      observation({ market, status: 'selector_miss', message: 'Item selector matched nothing' }),
    );
    expect(daySummaryLines(day(broken, []))[2]).toBe(
      'Pages 0 of 5 read cleanly across 5 markets · 5 need attention (shop/de, shop/fr, shop/it and 2 more)',
    );
  });
});
