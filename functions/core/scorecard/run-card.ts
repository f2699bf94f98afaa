import type { MarketScorecard } from './types.ts';

/**
 * A market's card (every page read that day, by whichever run) kept to the rows one run read: what
 * that run's alerts are about, so an on-demand scan of one keyword alerts about that keyword. Rows
 * are the card's own objects (a fix noted on a problem row shows in the stored view). Pure.
 */
export function cardOfRun(card: MarketScorecard, runId: string): MarketScorecard {
  const ours = <T extends { evidence: { runId?: string } }>(rows: T[]) =>
    rows.filter((row) => row.evidence.runId === undefined || row.evidence.runId === runId);
  return {
    ...card,
    search: ours(card.search),
    categories: ours(card.categories),
    placements: ours(card.placements),
    problems: ours(card.problems),
  };
}
