import { describe, expect, it } from 'vitest';
import { autoSpeedupBound, median, percentile, timedPool } from '../../../scripts/bench/stats.ts';

describe('benchmark statistics', () => {
  it('percentiles by nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(values)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  it('timedPool runs every item with at most the given concurrency', async () => {
    let running = 0;
    let peak = 0;
    const { durations } = await timedPool(
      Array.from({ length: 9 }, (_u, i) => i),
      3,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      },
    );
    expect(durations).toHaveLength(9);
    expect(peak).toBe(3);
  });

  it('a mix bounds what render: auto can gain: half script-drawn never reaches 2×', () => {
    expect(autoSpeedupBound(40, 40, 10)).toBeCloseTo(1.818, 3);
    expect(autoSpeedupBound(40, 13, 10)).toBeCloseTo(3.118, 3);
    expect(autoSpeedupBound(40, 0, 10)).toBe(10);
    expect(autoSpeedupBound(0, 40, 10)).toBe(1);
  });
});
