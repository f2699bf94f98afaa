import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';

/** One market's file broken in each way a careless maintainer manages, the others fine: every command names it and goes on. */
const BOMB = [
  'a: &a [x,x,x,x,x,x,x,x,x]',
  ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
].join('\n');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-broken-'));
  await copyBundledSelectors(dir);
  await writeFile(path.join(dir, 'demo-shop/fr.yaml'), `${BOMB}\n`);
  const de = await readFile(path.join(dir, 'demo-shop/de.yaml'), 'utf8');
  await writeFile(path.join(dir, 'demo-shop/de.yaml'), Buffer.from(de, 'utf16le'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Broken selector files stop only themselves', () => {
  it('validate names each broken file and why, lists the good ones, and exits 1 without a stack trace', async () => {
    const result = await shelfwatch('validate', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/broken {2}.*demo-shop\/de\.yaml: is UTF-16 without a byte-order mark/);
    expect(result.stdout).toMatch(/broken {2}.*demo-shop\/fr\.yaml: cannot be read as YAML: .*\(a YAML alias bomb\?\)/);
    expect(result.stdout).toMatch(/ok {6}.*demo-shop\/uk\.yaml/);
    expect(result.stdout).toMatch(/ok {6}.*demo-shop\/us\.yaml/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('scan runs every other market and says which files it skipped', async () => {
    const result = await shelfwatch(
      'scan',
      '--memory',
      '--selectors',
      dir,
      '--date',
      '2026-11-23',
      '--port',
      '0',
      '--shop-port',
      '0',
    );
    expect(result.stderr).toMatch(/selector file skipped: .*demo-shop\/fr\.yaml: cannot be read as YAML/);
    expect(result.stderr).toMatch(/selector file skipped: .*demo-shop\/de\.yaml: is UTF-16/);
    expect(result.stdout).toContain('demo-shop / uk');
    expect(result.stdout).toContain('demo-shop / us');
    expect(result.stdout).not.toContain('demo-shop / fr');
    expect(result.code).toBe(0);
  }, 120_000);
});
