import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The whole mend, from the command line, on the local stack's data folder: a good day, then the
 * demo shop's redesign on the us category page (selector_miss); `suggest` finds the fix from the
 * good day's products and proves it, `--write` applies it keeping the file's comments, and
 * `replay` turns the broken day ok.
 */
const GOOD = '2026-11-22';
const BROKEN = '2026-11-23';
let dir: string;
let selectors: string;
const local = () => ['--data', path.join(dir, 'data'), '--selectors', selectors];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-suggest-'));
  selectors = path.join(dir, 'selectors');
  await cp(path.join(REPO_ROOT, 'selectors'), selectors, { recursive: true });
  for (const market of ['de', 'fr', 'uk']) await rm(path.join(selectors, 'demo-shop', `${market}.yaml`));
  const scan = (date: string, ...more: string[]) =>
    shelfwatch('scan', ...local(), '--date', date, '--port', '0', '--shop-port', '0', ...more);
  expect((await scan(GOOD)).code).toBe(0);
  const broken = await scan(BROKEN, '--fault', 'layout:us:/us/c/mascara');
  expect(broken.stdout).toMatch(/selector_miss/);
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shelfwatch suggest', () => {
  it('prints a proven fix as a diff, writes it with --write, and replay mends the day', async () => {
    const dry = await shelfwatch('suggest', 'demo-shop/us', '--page', 'mascara', '--date', BROKEN, ...local());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`mascara, broken on ${BROKEN}, last good on ${GOOD}:`);
    expect(dry.stdout).toMatch(/fix found: item .+ recovers 1[0-9] of 1[0-9] known products/);
    expect(dry.stdout).toMatch(/^-\s+\[data-test=product-tile\]$/m);
    expect(dry.stdout).toContain('run again with --write');
    const file = path.join(selectors, 'demo-shop/us.yaml');
    const before = await readFile(file, 'utf8');

    const write = await shelfwatch(
      'suggest',
      'demo-shop/us',
      '--page',
      'mascara',
      '--date',
      BROKEN,
      '--write',
      ...local(),
    );
    expect(write.code, write.stderr).toBe(0);
    const after = await readFile(file, 'utf8');
    expect(after).not.toBe(before);
    // The maintainer's comments stay.
    for (const comment of before.split('\n').filter((line) => line.trim().startsWith('#')))
      expect(after).toContain(comment);

    const replay = await shelfwatch('replay', '--date', BROKEN, '--site', 'demo-shop', '--market', 'us', ...local());
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/mascara[^\n]*: selector_miss → ok/);
  }, 180_000);

  it('a market whose pages all read cleanly: nothing to mend', async () => {
    const run = await shelfwatch('suggest', 'demo-shop/us', '--date', GOOD, ...local());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`demo-shop/us on ${GOOD}: no listing page missed its selectors`);
  }, 60_000);
});
