import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { formatProblem } from '../../../functions/core/selectors/problems.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';
import { copyBundledSelectors } from '../../support/bundled-selectors.ts';

/** The line of the fr file's keywords (rouge à lèvres), wherever edits to the file move it. */
const FR_KEYWORDS_LINE =
  readFileSync(path.join(SELECTORS_DIR, 'demo-shop/fr.yaml'), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('rouge à lèvres')) + 1;

describe('loadSelectorDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-selectors-'));
    await copyBundledSelectors(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads the bundled selector files without a problem', async () => {
    // The folder as it is: a market a maintainer added loads too, and must load cleanly.
    const set = await loadSelectorDir(SELECTORS_DIR);
    expect(set.problems).toEqual([]);
    expect(set.sites.map((site) => `${site.site}/${site.market}`)).toEqual(
      expect.arrayContaining(['demo-shop/de', 'demo-shop/fr', 'demo-shop/uk', 'demo-shop/us']),
    );
    expect(set.tracking?.ours.brands).toHaveProperty('Lumière');
  });

  it('reports a broken file and still loads every other market', async () => {
    const broken = path.join(dir, 'demo-shop/fr.yaml');
    await writeFile(
      broken,
      'site: demo-shop\nmarket: fr\nbaseUrl: http://127.0.0.1:4010/fr\nlocale: fr-FR\ncurrency: EUR\npages:\n  - kind: search\n    url: /recherche?q={keyword}\n    keywords: [mascara]\n    fields: { name: .n }\n',
    );
    const set = await loadSelectorDir(dir);
    expect(set.sites.map((site) => site.market)).toEqual(['de', 'uk', 'us']);
    expect(set.problems.map(formatProblem)).toEqual([`${broken}: pages[0].item: required`]);
  });

  it('refuses a file whose content names another market than its file name', async () => {
    const text = (await import('node:fs')).readFileSync(path.join(dir, 'demo-shop/us.yaml'), 'utf8');
    await writeFile(path.join(dir, 'demo-shop/ca.yaml'), text);
    const set = await loadSelectorDir(dir);
    expect(set.problems.map(formatProblem)).toEqual([
      `${path.join(dir, 'demo-shop/ca.yaml')}: market: expected "ca" (the file name), got "us"`,
    ]);
    expect(set.sites).toHaveLength(4);
  });

  it('says so when the tracking file is missing, and loads the sites anyway', async () => {
    await rm(path.join(dir, 'tracking.yaml'));
    const set = await loadSelectorDir(dir);
    expect(set.tracking).toBeNull();
    expect(set.problems.map(formatProblem)).toEqual([
      `${path.join(dir, 'tracking.yaml')}: missing: it says which brands are ours`,
    ]);
    expect(set.sites).toHaveLength(4);
  });

  const BILLION_LAUGHS = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from(
      { length: 8 },
      (_u, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ),
  ].join('\n');

  it.each([
    [
      'a YAML alias bomb (billion laughs)',
      () => Buffer.from(`${BILLION_LAUGHS}\n`),
      /^cannot be read as YAML: .*alias.* \(a YAML alias bomb\?\)$/i,
    ],
    [
      'UTF-16 with its byte-order mark',
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      /^is UTF-16 \(little-endian\) \(it starts with that byte-order mark\); save it as UTF-8$/,
    ],
    [
      'big-endian UTF-16',
      (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      /^is UTF-16 \(big-endian\)/,
    ],
    [
      'UTF-16 without a byte-order mark',
      (text: string) => Buffer.from(text, 'utf16le'),
      /^is UTF-16 without a byte-order mark/,
    ],
    [
      'UTF-32',
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(text, 'utf16le')]),
      /^is UTF-32/,
    ],
    [
      'a keyword saved as Latin-1 (rouge à lèvres)',
      (text: string) => {
        const [before, after] = text.split('rouge à lèvres');
        return Buffer.concat([Buffer.from(before!), Buffer.from('rouge à lèvres', 'latin1'), Buffer.from(after!)]);
      },
      new RegExp(
        `^is not UTF-8: byte 0xE0 at line ${FR_KEYWORDS_LINE}, column 45 is not valid UTF-8 \\(saved as Latin-1 or Windows-1252\\?\\); save it as UTF-8$`,
      ),
    ],
    [
      'a whole file saved as Windows-1252',
      (text: string) => Buffer.from(text.replaceAll('€', 'EUR'), 'latin1'),
      /^is not UTF-8: byte 0x[0-9A-F]{2} at line \d+, column \d+ /,
    ],
    [
      'a binary file',
      () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xc3, 0x28, 0xff, 0xfe, 0xfd]),
      /^is not UTF-8: byte 0xC3 at line 1, column 7/,
    ],
    [
      'a file far too large',
      () => Buffer.alloc(2 * 1024 * 1024, 0x61),
      /^is 2048 KB; a selector file is at most 1024 KB$/,
    ],
  ])('%s is that file’s problem: named, skipped, the other markets load', async (_title, bytes, message) => {
    const file = path.join(dir, 'demo-shop/fr.yaml');
    const original = (await import('node:fs')).readFileSync(file, 'utf8');
    await writeFile(file, bytes(original));
    const set = await loadSelectorDir(dir);
    expect(set.sites.map((site) => site.market)).toEqual(['de', 'uk', 'us']);
    expect(set.problems).toEqual([{ file, field: '', message: expect.stringMatching(message) }]);
  });

  it('a UTF-8 file with a byte-order mark loads, its keywords intact', async () => {
    const file = path.join(dir, 'demo-shop/fr.yaml');
    const original = (await import('node:fs')).readFileSync(file);
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    const set = await loadSelectorDir(dir);
    expect(set.problems).toEqual([]);
    const fr = set.sites.find((site) => site.market === 'fr')!;
    expect(fr.pages[0]).toMatchObject({ keywords: expect.arrayContaining(['rouge à lèvres']) });
  });

  it('a tracking file that is not UTF-8 is named too', async () => {
    const file = path.join(dir, 'tracking.yaml');
    await writeFile(file, Buffer.from('ours:\n  brands:\n    Lumière: []\n', 'latin1'));
    const set = await loadSelectorDir(dir);
    expect(set.tracking).toBeNull();
    expect(set.problems.map(formatProblem)).toEqual([
      `${file}: is not UTF-8: byte 0xE8 at line 3, column 9 is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8`,
    ]);
  });
});
