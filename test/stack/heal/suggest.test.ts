import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The whole mend, from the command line, on the local stack's data folder: a good day, then the
 * demo shop's redesign on the us category page (selector_miss); the run's alerts already say a fix
 * was found, `suggest` prints it and proves it, `--write` applies it keeping the file's comments,
 * and `replay` turns the broken day ok. The us search pages are redesigned from the first day on:
 * with no good day to learn from, nothing is offered for them, in the alerts or by `suggest`.
 */
const GOOD = '2026-11-22';
const BROKEN = '2026-11-23';
let dir: string;
let selectors: string;
let brokenScan: string;
const local = () => ['--data', path.join(dir, 'data'), '--selectors', selectors];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-suggest-'));
  selectors = path.join(dir, 'selectors');
  await cp(path.join(REPO_ROOT, 'selectors'), selectors, { recursive: true });
  for (const market of ['de', 'fr', 'uk']) await rm(path.join(selectors, 'demo-shop', `${market}.yaml`));
  const scan = (date: string, ...more: string[]) =>
    shelfwatch('scan', ...local(), '--date', date, '--port', '0', '--shop-port', '0', ...more);
  const good = await scan(GOOD, '--fault', 'layout:us:/us/search');
  expect(good.stdout).toMatch(/category +mascara +ok/);
  const broken = await scan(BROKEN, '--fault', 'layout:us:/us/c/mascara', '--fault', 'layout:us:/us/search');
  expect(broken.stdout).toMatch(/category +mascara +selector_miss/);
  brokenScan = broken.stdout;
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shelfwatch suggest', () => {
  it('the run’s selector_broken alert names the proven fix, and only where one was proven', async () => {
    const command = `shelfwatch suggest demo-shop/us --page mascara --date ${BROKEN}`;
    expect(brokenScan).toMatch(
      new RegExp(
        `✔ demo-shop/us category mascara: a fix was found \\(recovers 1\\d of 1\\d products on category mascara\\): run ${command}$`,
        'm',
      ),
    );
    // Said twice: on the scorecard printed (the sweep ran first, so it is this run's, fix and all)
    // and in the run's alerts; only for the category, the one page a fix was proven for.
    expect(brokenScan.match(/✔ .*a fix was found/g)).toHaveLength(2);
    for (const line of brokenScan.split('\n').filter((text) => text.includes('a fix was found')))
      expect(line).toContain(`run ${command}`);
    const alerts = (await readFile(path.join(dir, 'alerts.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { date: string; kind: string; page: string; keyword: string | null; fix?: string },
      );
    const broken = alerts.filter((alert) => alert.date === BROKEN && alert.kind === 'selector_broken');
    // The three search keywords (never read cleanly) and the category.
    expect(broken.map((alert) => alert.keyword ?? alert.page).sort()).toEqual([
      'brow gel',
      'lipstick',
      'mascara',
      'mascara',
    ]);
    for (const alert of broken)
      if (alert.keyword) expect(alert.fix, `search “${alert.keyword}” has no good day`).toBeUndefined();
      else expect(alert.fix).toMatch(new RegExp(`: run ${command}$`));
    // The scorecard says so too, under the page that needs attention.
    const health = await shelfwatch('health', '--data', path.join(dir, 'data'), '--market', 'us', '--date', BROKEN);
    expect(health.stdout).toContain(`✔ demo-shop / us category mascara: a fix was found (recovers`);
    expect(health.stdout).toContain(`: run ${command}\n`);
    expect(health.stdout.match(/a fix was found/g)).toHaveLength(1);
  }, 60_000);

  it('says plainly that no fix can be proven for a page that never read cleanly', async () => {
    const run = await shelfwatch('suggest', 'demo-shop/us', '--page', 'search', '--date', BROKEN, ...local());
    expect(run.code).toBe(1);
    for (const keyword of ['brow gel', 'lipstick', 'mascara'])
      expect(run.stdout).toContain(
        `search "${keyword}": no good day in the last 60 days to learn from; no fix can be proven`,
      );
    expect(run.stdout).not.toMatch(/fix found/);
  }, 60_000);

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

  it('a page that read cleanly: nothing to mend', async () => {
    const run = await shelfwatch('suggest', 'demo-shop/us', '--page', 'mascara', '--date', GOOD, ...local());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`demo-shop/us on ${GOOD}: no listing page missed its selectors (1 read cleanly)`);
  }, 60_000);
});
