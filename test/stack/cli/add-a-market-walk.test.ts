import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The README's "Adding a market", command by command as written, against a running local stack
 * (what `npm start` leaves running) and its demo shop: only the folders are this test's own
 * (`--dir`, `--data`; the README's are the defaults), and the shop's port is whatever it got.
 */
let dir: string;
let shop: DemoShop;
let stack: LocalStack;
const selectors = () => path.join(dir, 'selectors');
const data = () => path.join(dir, 'data');

/** The README's walk: its code block's commands, in order. */
async function readmeWalk(): Promise<string[][]> {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Adding a market\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean)
    .map((line) => line.replace(/^npx shelfwatch /, '').split(/\s+/));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-add-a-market-'));
  await copyBundledSelectors(selectors());
  shop = await startDemoShop({ date: '2026-11-23' });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: data(),
    selectorsDir: selectors(),
    siteOrigins: { 'demo-shop': shop.url },
  });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('README: adding a market, as written', () => {
  it('new-market, validate, try and push each succeed on the demo shop, and the market is live', async () => {
    const walk = await readmeWalk();
    expect(walk.map((args) => (args[0] === 'selectors' ? `${args[0]} ${args[1]}` : args[0]))).toEqual([
      'new-market',
      'validate',
      'try',
      'selectors push',
    ]);
    const outputs: string[] = [];
    for (const args of walk) {
      // The file argument of try names the default folder: this test's copy stands in for it.
      const own = args.map((arg) => arg.replace(/^selectors\//, `${selectors()}/`));
      const folders =
        args[0] === 'try'
          ? ['--data', data(), '--out', path.join(dir, 'try')]
          : args[0] === 'selectors'
            ? ['--dir', selectors(), '--data', data()]
            : ['--dir', selectors()];
      const run = await shelfwatch(...own, ...folders);
      expect(run.code, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
      outputs.push(run.stdout + run.stderr);
    }
    const [scaffolded, validated, tried, pushed] = outputs;
    expect(scaffolded).toContain(`wrote ${selectors()}/demo-shop/jp.yaml`);
    expect(validated).toMatch(/ok +\S*demo-shop\/jp\.yaml/);
    expect(tried).toContain(`demo-shop: opened where the running local stack reads it, ${shop.url}`);
    expect(tried).toMatch(/extraction: ok, \d+ tiles/);
    expect(pushed).toMatch(/pushed .* as version 2: 5 market\(s\)/);
  }, 180_000);
});
