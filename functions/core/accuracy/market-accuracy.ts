import type { PageKind } from '../jobs/expand.ts';
import type { Observation } from '../store/model.ts';
import type { ReadingDifference } from './compare-readings.ts';

/** A page whose two readings differed: both readings' evidence, and what differed. Never resolved, only shown. */
export interface Disagreement {
  kind: PageKind;
  page: string;
  keyword: string | null;
  /** How each reading was made. */
  firstWay: 'chrome' | 'static';
  secondWay: 'chrome' | 'static';
  differences: ReadingDifference[];
  first: { screenshot: string | null; html: string | null; runId: string };
  second: { screenshot: string | null; html: string | null };
}

/** A market's accuracy on a day: of the pages read twice, how many readings agreed. */
export interface MarketAccuracy {
  compared: number;
  agreeing: number;
  /** agreeing / compared. */
  rate: number;
  /** The threshold it is alerted below (the selector file's `secondRead.alertBelow`). */
  alertBelow: number;
  disagreements: Disagreement[];
}

/** Too few comparisons say nothing about a market: below this many, no alert. */
export const MIN_COMPARED_FOR_ALERT = 3;

/** A market's accuracy from its observations that were read a second way; undefined when none was. Pure. */
export function marketAccuracy(observations: Observation[]): MarketAccuracy | undefined {
  const checked = observations.filter((o) => o.secondRead);
  if (checked.length === 0) return undefined;
  const disagreements = checked
    .filter((o) => !o.secondRead!.agree)
    .map((o): Disagreement => ({
      kind: o.kind,
      page: o.page,
      keyword: o.keyword ?? null,
      firstWay: o.renderedBy ?? 'chrome',
      secondWay: o.secondRead!.way,
      differences: o.secondRead!.differences,
      first: { screenshot: o.evidence?.screenshot ?? null, html: o.evidence?.html?.[0] ?? null, runId: o.runId },
      second: { screenshot: o.secondRead!.evidence.screenshot, html: o.secondRead!.evidence.html[0] ?? null },
    }));
  const agreeing = checked.length - disagreements.length;
  return {
    compared: checked.length,
    agreeing,
    rate: Math.round((agreeing / checked.length) * 10_000) / 10_000,
    alertBelow: Math.max(...checked.map((o) => o.secondRead!.alertBelow)),
    disagreements,
  };
}

/** Whether a market's accuracy is below its threshold on enough comparisons to say so. */
export function accuracyTooLow(accuracy: MarketAccuracy | undefined): boolean {
  return !!accuracy && accuracy.compared >= MIN_COMPARED_FOR_ALERT && accuracy.rate < accuracy.alertBelow;
}
