import type { PageStatus } from '../extract/types.ts';
import type { PageOutcome } from '../page/types.ts';
import { compareReadings, type ReadingDifference } from './compare-readings.ts';

/** What an observation keeps of its second reading: how, whether it agreed, what differed, its evidence. */
export interface SecondReading {
  /** How the page was read the second time (the first is the observation's `renderedBy`). */
  way: 'chrome' | 'static';
  status: PageStatus;
  /** True when every scorecard figure of the two readings is the same. */
  agree: boolean;
  differences: ReadingDifference[];
  message: string | null;
  evidence: { html: string[]; screenshot: string | null };
  /** The market's accuracy alert threshold when it was read (its selector file's `secondRead.alertBelow`). */
  alertBelow: number;
}

/** The second reading of an outcome, compared with the first; null when the page was not of the sample. Pure. */
export function secondReadingOf(
  outcome: PageOutcome,
  evidence: { html: string[]; screenshot: string | null },
  alertBelow: number,
): SecondReading | null {
  const second = outcome.secondRead;
  if (!second || !outcome.result) return null;
  const differences =
    second.status === 'ok'
      ? compareReadings(outcome.result, second.result)
      : [{ figure: 'status', first: outcome.status, second: second.status }];
  return {
    way: second.way,
    status: second.status,
    agree: differences.length === 0,
    differences,
    message: second.message?.slice(0, 500) ?? null,
    evidence,
    alertBelow,
  };
}
