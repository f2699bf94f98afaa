import { describe, expect, it } from 'vitest';
import { runScale, scaleLine, scalePassed } from '../../../scripts/scale/run-scale.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * `npm run scale` at a fortieth of its size (2,500 jobs over 20 sites), so every CI run shows that a
 * day at high concurrency, with faults and crashed batches, loses nothing and reads nothing twice.
 * The crashes are injected by wrapping the scrape function's invoke (a Lambda dying is the one
 * fault the local stack cannot make by itself).
 */
describe('A day of 2,500 pages on the local stack (the scale run, smaller)', () => {
  it('ends with one observation per job: none lost, none twice, every dead-lettered page redriven (injected crashes: the scrape invoke wrapped)', async () => {
    const report = await runScale({
      rootDir: REPO_ROOT,
      jobs: 2_500,
      sites: 20,
      lambdaConcurrency: 8,
      tabs: 16,
      shards: 4,
      poisonEvery: 800,
      crashOnceEvery: 80,
      log: () => undefined,
    });
    console.log(scaleLine(report));
    expect(report).toMatchObject({ jobs: 2_500, observations: 2_500, duplicates: 0, lost: 0 });
    expect(report.deadLettered).toBeGreaterThan(0);
    expect(report.redriven).toBe(report.deadLettered);
    expect(report.crashes).toBeGreaterThan(report.deadLettered);
    expect(Object.values(report.faults).every((fired) => fired > 0)).toBe(true);
    expect(scalePassed(report)).toBe(true);
  }, 600_000);
});
