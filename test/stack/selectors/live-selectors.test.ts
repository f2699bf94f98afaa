import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSelectorFiles } from '../../../functions/core/selectors/load.ts';
import { textFiles } from '../../../functions/core/selector-versions/seed-version.ts';
import { pushVersion } from '../../../functions/core/selector-versions/push-version.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { shelfwatch, shelfwatchWith } from '../../support/cli.ts';
import { REPO_ROOT, SELECTORS_DIR } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';
import { bearer } from '../../support/sign-in.ts';

/**
 * Selector files live in the stack: a push is what the next run reads, with no build, no deploy
 * and no restart; a run keeps the version it was planned with whatever is pushed meanwhile.
 */
const [DAY_1, DAY_2, DAY_3] = ['2026-11-21', '2026-11-22', '2026-11-23'];

let dir: string;
let shop: DemoShop;
let stack: LocalStack | undefined;
const data = () => path.join(dir, 'data');

/** A copy of the selector files with the fr market's new keyword, and (when `breakUs`) the us category's item selector changed. */
async function editedSelectors(name: string, { breakUs = false } = {}): Promise<string> {
  const target = path.join(dir, name);
  await copyBundledSelectors(target);
  const fr = path.join(target, 'demo-shop/fr.yaml');
  const text = await readFile(fr, 'utf8');
  const withKeyword = text.replace(
    'keywords: [mascara, gel sourcils, rouge à lèvres]',
    'keywords: [mascara, gel sourcils, rouge à lèvres, eyeliner]',
  );
  expect(withKeyword).not.toBe(text);
  await writeFile(fr, withKeyword);
  if (breakUs) {
    const us = path.join(target, 'demo-shop/us.yaml');
    const usText = await readFile(us, 'utf8');
    await writeFile(us, usText.replaceAll('item: "[data-test=product-tile]"', 'item: "[data-test=no-such-tile]"'));
  }
  return target;
}

const scan = async (date: string) => {
  shop.setDate(date);
  const run = await stack!.scheduledScan(new Date(`${date}T06:00:00Z`));
  return run;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-live-selectors-'));
  shop = await startDemoShop({ date: DAY_1 });
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: data(), siteOrigins: { 'demo-shop': shop.url } });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('selector files as versions in the stack', () => {
  it('the first run seeds version 1 from the bundled files and carries its number', async () => {
    const run = await scan(DAY_1);
    await stack!.waitForRun(run.runId);
    expect((await stack!.runProgress(run.runId))?.selectorsVersion).toBe(1);
  }, 120_000);

  it('a push during a run leaves every page of that run on the version it was planned with', async () => {
    const run = await scan(DAY_2);
    // Pushed while the run's jobs are on the stream: a version whose us item selector matches nothing.
    const pushed = await pushVersion(
      { tableName: stack!.tableName, bucketName: stack!.bucketName },
      textFiles(await readSelectorFiles(await editedSelectors('broken-us', { breakUs: true }))),
      { createdBy: 'test', origin: 'push' },
    );
    expect(pushed?.version).toBe(2);
    await stack!.waitForRun(run.runId);
    const progress = await stack!.runProgress(run.runId);
    expect(progress).toMatchObject({ selectorsVersion: 1, complete: true });
    expect(progress!.done.ok).toBe(progress!.jobsExpected);
    const keywords = (await queryDay(stack!.tableName, DAY_2)).filter((o) => o.market === 'fr').map((o) => o.keyword);
    expect(keywords).not.toContain('eyeliner');
  }, 120_000);

  it('the next run reads the pushed version: the new keyword is on the scorecard, with no build, deploy or restart', async () => {
    const run = await scan(DAY_3);
    await stack!.waitForRun(run.runId);
    const progress = await stack!.runProgress(run.runId);
    expect(progress?.selectorsVersion).toBe(2);
    const card = (await (
      await fetch(`${stack!.http.url}/scorecards/${DAY_3}?market=fr`, { headers: await bearer(stack!) })
    ).json()) as Scorecard;
    expect(card.targets[0]!.search.map((row) => row.keyword)).toContain('eyeliner');
    // Version 2's broken us selector is read as such: proof the version changed between the runs.
    const us = (await queryDay(stack!.tableName, DAY_3)).filter((o) => o.market === 'us' && o.kind !== 'placement');
    expect(new Set(us.map((o) => o.status))).toEqual(new Set(['selector_miss']));
  }, 120_000);

  it('every maintenance command takes --stack: the stack found by its CloudFormation outputs, the same code as on AWS', async () => {
    const name = stack!.cloudformation.stackName;
    const history = await shelfwatch('selectors', 'history', '--stack', name);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/^2 \(live\)/m);
    // A market the demo shop does not have is not put live: asked where the running stack reads the shop.
    const withItaly = await editedSelectors('with-it');
    const us = await readFile(path.join(withItaly, 'demo-shop/us.yaml'), 'utf8');
    await writeFile(
      path.join(withItaly, 'demo-shop/it.yaml'),
      us.replace('market: us', 'market: it').replace('127.0.0.1:4010/us', '127.0.0.1:4010/it'),
    );
    const refused = await shelfwatch('selectors', 'push', '--dir', withItaly, '--data', data());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`demo-shop/it: its first page ${shop.url}/it/search?q=mascara answered HTTP 404`);
    expect(refused.stderr).toContain('push refused: 1 new market(s) cannot be read; nothing uploaded');
    expect((await shelfwatch('selectors', 'history', '--stack', name)).stdout).toMatch(/^2 \(live\)/m);
    const health = await shelfwatch('health', '--date', DAY_3, '--market', 'fr', '--stack', name);
    expect(health.stderr).toBe('');
    expect(health.stdout).toContain(`Selector health ${DAY_3}`);
    const exported = await shelfwatch('export', '--from', DAY_3, '--to', DAY_3, '--market', 'fr', '--stack', name);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split('\r\n').filter((line) => line.startsWith(DAY_3))).toHaveLength(6);
    const replayed = await shelfwatch('replay', '--date', DAY_3, '--market', 'fr', '--stack', name);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/replayed 6 of 6 pages of 2026-11-23 with selector version 2/);
    // Version 2's broken us item selector, mended from the day before's products on the stack's archive.
    const broken = path.join(dir, 'broken-us');
    const suggested = await shelfwatch(
      'suggest',
      'demo-shop/us',
      '--date',
      DAY_3,
      '--selectors',
      broken,
      '--stack',
      name,
    );
    expect(suggested.code, suggested.stdout + suggested.stderr).toBe(0);
    expect(suggested.stdout).toMatch(
      new RegExp(`mascara, broken on ${DAY_3}, last good on ${DAY_2}:\n  fix found: item `),
    );
    expect(suggested.stdout).toMatch(/^-\s+\[data-test=no-such-tile\]$/m);
    const redrive = await shelfwatch('redrive', '--run', 'no-such-run', '--stack', name);
    expect(redrive.stderr).toContain('no run no-such-run in table');
    // An on-demand run on the stack, planned by the fan-out's code with the live version; then its runs.
    const scanned = await shelfwatch('scan', '--stack', name, '--markets', 'fr');
    expect(scanned.code, scanned.stderr).toBe(0);
    const runId = /^run (\S+) on shelfwatch-local: 6 pages put on \S+ \(selectors v2\)/.exec(scanned.stdout)?.[1];
    expect(runId, scanned.stdout).toBeDefined();
    await stack!.waitForRun(runId!);
    const runs = await shelfwatch('runs', '--stack', name);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+cli\\s+v2\\s+\\S+\\s+6/6\\s+6\\s+done`, 'm'));
    const badKind = await shelfwatch('scan', '--stack', name, '--kinds', 'banner');
    expect([badKind.code, badKind.stderr]).toEqual([2, expect.stringContaining('--kinds: unknown kind "banner"')]);
    const badMarket = await shelfwatch('scan', '--stack', name, '--markets', 'xx');
    expect([badMarket.code, badMarket.stderr]).toEqual([
      2,
      expect.stringContaining('--markets[0]: unknown market "xx"'),
    ]);
  }, 120_000);

  it('--stack with a stack that does not exist, or without credentials, is one clear line and changes nothing', async () => {
    const unknown = await shelfwatch('selectors', 'push', '--stack', 'nope');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      1,
      'shelfwatch selectors: no stack "nope" in us-east-1 (aws cloudformation describe-stacks lists them; AWS_REGION picks the region)',
    ]);
    const home = await mkdtemp(path.join(tmpdir(), 'shelfwatch-no-aws-'));
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = process.env;
    const bare = await shelfwatchWith(
      {
        ...rest,
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      ...['selectors', 'history', '--stack', stack!.cloudformation.stackName],
    );
    expect(bare.code).toBe(1);
    expect(bare.stderr.trim()).toBe(
      `shelfwatch selectors: no AWS credentials to read stack "${stack!.cloudformation.stackName}": configure them (aws configure, AWS_PROFILE) and try again`,
    );
    await rm(home, { recursive: true, force: true });
    expect((await shelfwatch('selectors', 'history', '--stack', stack!.cloudformation.stackName)).stdout).toMatch(
      /^2 \(live\)/m,
    );
  }, 60_000);

  it('the CLI: history, diff, pull, a refused push, an unknown version, a rollback', async () => {
    await stack!.close();
    stack = undefined;
    const history = await shelfwatch('selectors', 'history', '--data', data());
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^2 \(live\)\s+\S+ \S+\s+test\s+4$/m);
    expect(history.stdout).toMatch(/^1\s+\S+ \S+\s+the first run \(bundled files\)\s+4$/m);

    const diff = await shelfwatch('selectors', 'diff', '--dir', SELECTORS_DIR, '--data', data());
    expect(diff.stdout).toContain('~ demo-shop/fr: - “eyeliner”');
    expect(diff.stdout).toContain('~ demo-shop/us: selectors or settings changed');

    const pulled = path.join(dir, 'pulled');
    expect((await shelfwatch('selectors', 'pull', '--version', '1', '--dir', pulled, '--data', data())).code).toBe(0);
    expect(await readFile(path.join(pulled, 'demo-shop/fr.yaml'), 'utf8')).toBe(
      await readFile(path.join(SELECTORS_DIR, 'demo-shop/fr.yaml'), 'utf8'),
    );

    const broken = await editedSelectors('broken-file');
    await writeFile(path.join(broken, 'demo-shop/de.yaml'), 'site: demo-shop\nmarket: de\npages: nope\n');
    const refused = await shelfwatch('selectors', 'push', '--dir', broken, '--data', data());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken-file\/demo-shop\/de\.yaml.*pages/);
    expect(refused.stderr).toContain('nothing uploaded');

    const unknown = await shelfwatch('selectors', 'rollback', '99', '--data', data());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('no selector version 99 (see shelfwatch selectors history)');

    expect((await shelfwatch('selectors', 'rollback', '1', '--data', data())).code).toBe(0);
    const after = await shelfwatch('selectors', 'history', '--data', data());
    expect(after.stdout).toMatch(/^1 \(live\)/m);
    expect(after.stdout.split('\n').filter((line) => /^\d/.test(line))).toHaveLength(2);

    const runs = await shelfwatch('runs', '--date', DAY_3, '--data', data());
    expect(runs.stdout).toMatch(/^2026-11-23-daily-060000\s+schedule\s+v2\s+/m);
    // replay mends the day version 2 broke, with the live version (1 again) by default.
    const replayed = await shelfwatch('replay', '--date', DAY_3, '--market', 'us', '--data', data());
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/replayed \d+ of \d+ pages of 2026-11-23 with selector version 1/);
    expect(replayed.stdout).toContain('demo-shop/us search “mascara”: selector_miss → ok');
    const none = await shelfwatch('replay', '--date', DAY_3, '--version', '99', '--data', data());
    expect([none.code, none.stderr]).toEqual([
      2,
      expect.stringContaining('no selector version 99 (see shelfwatch selectors history)'),
    ]);
  }, 120_000);
});
