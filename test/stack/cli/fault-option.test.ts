import { describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';

describe('shelfwatch scan --fault', () => {
  it('a redesign switched on from the command line shows as broken selectors on those pages only', async () => {
    const run = await shelfwatch(
      ...['scan', '--memory', '--port', '0', '--shop-port', '0', '--date', '2026-11-23'],
      ...['--fault', 'layout:us:/us/search'],
    );
    expect(run.code, run.stderr).toBe(1);
    const us = run.stdout.slice(run.stdout.indexOf('demo-shop / us'));
    expect(us).toMatch(/^demo-shop \/ us · 2 ok, 3 selector_miss/);
    expect(run.stdout).toContain('20 pages: 17 ok, 3 selector_miss');
    for (const market of ['de', 'fr', 'uk']) expect(run.stdout).toContain(`demo-shop / ${market} · 5 ok\n`);
  }, 120_000);

  it('an unknown kind is a usage error, before anything starts', async () => {
    const run = await shelfwatch('scan', '--memory', '--fault', 'meteor:fr');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fault meteor:fr: expected <kind>[:<market>[:<path>]]');
  });
});
