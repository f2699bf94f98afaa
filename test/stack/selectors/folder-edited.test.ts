import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSelectorFiles } from '../../../functions/core/selectors/load.ts';
import { readVersion } from '../../../functions/core/selector-versions/version-objects.ts';
import { pushVersion } from '../../../functions/core/selector-versions/push-version.ts';
import { textFiles } from '../../../functions/core/selector-versions/seed-version.ts';
import { currentVersion } from '../../../functions/core/store/selector-versions.ts';
import { openLocalAws, type LocalAws } from '../../../scripts/local/data.ts';
import { followSelectorsFolder } from '../../../scripts/local/sync-selectors.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';

/**
 * `selectors/` edited in place while a data folder has a live version: a rescan must not run the
 * older version without a word. The stack follows a folder it took the version from itself, and
 * says so; it keeps a version a maintainer pushed, and says what to do.
 */
let aws: LocalAws;
let dir: string;
let folder: string;
const store = () => ({ tableName: aws.tableName, bucketName: aws.bucketName });
const live = async () => {
  const current = (await currentVersion(aws.tableName))!;
  return { version: current.version, files: await readVersion(store(), current.version) };
};
const addKeyword = async (keyword: string) => {
  const fr = path.join(folder, 'demo-shop/fr.yaml');
  const text = await readFile(fr, 'utf8');
  const edited = text.replace('keywords: [', `keywords: [${keyword}, `);
  expect(edited).not.toBe(text);
  await writeFile(fr, edited);
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-folder-edited-'));
  folder = path.join(dir, 'selectors');
  await copyBundledSelectors(folder);
  aws = await openLocalAws(REPO_ROOT, path.join(dir, 'data'));
  // What a data folder's first run does: version 1 seeded from the folder.
  await pushVersion(store(), textFiles(await readSelectorFiles(folder)), {
    createdBy: 'the first run (bundled files)',
    origin: 'seed',
  });
}, 60_000);
afterAll(async () => {
  await aws?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('selectors/ edited in place, then a rescan of the same data folder', () => {
  it('an unchanged folder is the live version: nothing to say', async () => {
    expect(await followSelectorsFolder(store(), folder)).toBeNull();
    expect((await live()).version).toBe(1);
  });

  it('an added keyword in a seeded folder becomes the live version, and says so (it is not silently ignored)', async () => {
    await addKeyword('eyeliner');
    const note = await followSelectorsFolder(store(), folder);
    expect(note).toBe(`selectors: ${folder} changed since live version 1 (demo-shop/fr.yaml): version 2 is live now`);
    const now = await live();
    expect(now.version).toBe(2);
    expect(now.files['demo-shop/fr.yaml']).toContain('keywords: [eyeliner, mascara,');
    // Edited again: the stack follows its own folder again.
    await addKeyword('kajal');
    expect(await followSelectorsFolder(store(), folder)).toMatch(/version 3 is live now$/);
  });

  it('a version a maintainer pushed is kept: the scan runs it, and the difference is said with what to do', async () => {
    await pushVersion(store(), (await live()).files, {
      createdBy: 'selectors push by ana@example.com',
      origin: 'push',
    });
    const pushed = (await live()).version;
    await addKeyword('primer');
    const note = await followSelectorsFolder(store(), folder);
    expect(note).toContain(
      `differs from live version ${pushed} (demo-shop/fr.yaml), which selectors push by ana@example.com made live`,
    );
    expect(note).toContain(`this scan runs version ${pushed}. Run \`shelfwatch selectors push\``);
    expect((await live()).version).toBe(pushed);
  });
});
