import { describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';

describe('shelfwatch plan, as a maintainer runs it', () => {
  it('prints the plan from template.yaml and exits 0 when its targets are met', async () => {
    const { code, stdout } = await shelfwatch('plan', '--pages', '10000', '--sites', '5', '--markets', '12');
    expect(code).toBe(0);
    expect(stdout).toContain('shelfwatch plan: 10,000 pages a day, 5 sites × 12 markets');
    expect(stdout).toMatch(/wall time +\d+ s from the schedule/);
    expect(stdout).toContain('per 1,000 pages: $');
  });

  it('refuses a bad option with the message and the usage (exit 2)', async () => {
    const { code, stderr } = await shelfwatch('plan', '--pages', 'lots', '--sites', '5', '--markets', '12');
    expect(code).toBe(2);
    expect(stderr).toContain('--pages must be a whole number from 1 to 10,000,000, not "lots"');
    expect(stderr).toContain('Usage: shelfwatch plan');
  });
});
