import type { PageOutcome } from '../page/types.ts';
import type { SecondReading } from '../store/model.ts';
import { compareReadings } from './compare-readings.ts';

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
