import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { SELECTORS_DIR } from '../support/paths.ts';

describe('loadSelectorDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-selectors-'));
    await cp(SELECTORS_DIR, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads the bundled selector files without a problem', async () => {
    const set = await loadSelectorDir(SELECTORS_DIR);
    expect(set.problems).toEqual([]);
    expect(set.sites.map((site) => `${site.site}/${site.market}`)).toEqual(['demo-shop/de', 'demo-shop/fr', 'demo-shop/uk', 'demo-shop/us']);
    expect(set.tracking?.ours.brands).toHaveProperty('Lumière');
  });

  it('reports a broken file and still loads every other market', async () => {
    const broken = path.join(dir, 'demo-shop/fr.yaml');
    await writeFile(broken, 'site: demo-shop\nmarket: fr\nbaseUrl: http://127.0.0.1:4010/fr\nlocale: fr-FR\ncurrency: EUR\npages:\n  - kind: search\n    url: /recherche?q={keyword}\n    keywords: [mascara]\n    fields: { name: .n }\n');
    const set = await loadSelectorDir(dir);
    expect(set.sites.map((site) => site.market)).toEqual(['de', 'uk', 'us']);
    expect(set.problems.map(formatProblem)).toEqual([`${broken}: pages[0].item: required`]);
  });

  it('refuses a file whose content names another market than its file name', async () => {
    const text = (await import('node:fs')).readFileSync(path.join(dir, 'demo-shop/us.yaml'), 'utf8');
    await writeFile(path.join(dir, 'demo-shop/ca.yaml'), text);
    const set = await loadSelectorDir(dir);
    expect(set.problems.map(formatProblem)).toEqual([`${path.join(dir, 'demo-shop/ca.yaml')}: market: expected "ca" (the file name), got "us"`]);
    expect(set.sites).toHaveLength(4);
  });

  it('says so when the tracking file is missing, and loads the sites anyway', async () => {
    await rm(path.join(dir, 'tracking.yaml'));
    const set = await loadSelectorDir(dir);
    expect(set.tracking).toBeNull();
    expect(set.problems.map(formatProblem)).toEqual([`${path.join(dir, 'tracking.yaml')}: missing: it says which brands are ours`]);
    expect(set.sites).toHaveLength(4);
  });
});
