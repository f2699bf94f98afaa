import { describe, expect, it } from 'vitest';
import { measureSweep, sweepLine, sweepWithinLimits } from '../../../scripts/scale/sweep-scale.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The alerts sweep on a large day, on the strict local stack: the alerts function at its template's
 * MemorySize and Timeout (512 MB, 120 s) publishes the day market by market over as many invocations
 * as it takes, and sends the run's alerts. `npm run scale -- --sweep 100000` does it at full size.
 */
describe('The alerts sweep on a day of 5,000 observations', () => {
  it('publishes it and sends its alerts, each invocation within the function’s memory and time', async () => {
    const measure = await measureSweep(REPO_ROOT, { pages: 5_000, markets: 24 });
    console.log(sweepLine(measure));
    expect(measure.status).toMatch(/^(sent|no_alerts)$/);
    expect(sweepWithinLimits(measure)).toBe(true);
  }, 600_000);
});
