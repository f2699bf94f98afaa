import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/** Search words of the demo shop's us market; the rest of a site's keywords find nothing (a real answer too). */
const KNOWN_KEYWORDS = ['mascara', 'brow gel', 'lipstick'];

/**
 * Selector files for a day of `jobs` pages over `sites` sites of one market: copies of the demo
 * shop's server-rendered us market (read with a plain fetch, the static path), named shop-01 … and
 * each given an equal share of search keywords. Returns the folder and the site names.
 */
export async function scaleSelectors(
  rootDir: string,
  jobs: number,
  sites: number,
): Promise<{ dir: string; names: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-scale-'));
  const us = parse(await readFile(path.join(rootDir, 'selectors/demo-shop/us.yaml'), 'utf8')) as {
    pages: Array<Record<string, unknown>>;
  } & Record<string, unknown>;
  const search = us.pages.find((page) => page.kind === 'search')!;
  const names = Array.from({ length: sites }, (_u, i) => `shop-${String(i + 1).padStart(2, '0')}`);
  for (const [index, name] of names.entries()) {
    const count = Math.floor(jobs / sites) + (index < jobs % sites ? 1 : 0);
    const keywords = Array.from({ length: count }, (_u, k) =>
      k < KNOWN_KEYWORDS.length ? KNOWN_KEYWORDS[k]! : `shade ${k}`,
    );
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(
      path.join(dir, name, 'us.yaml'),
      // The scale run puts the plain pipeline under load: no page read twice (its cost is its share).
      stringify({ ...us, site: name, render: 'static', secondRead: { share: 0 }, pages: [{ ...search, keywords }] }),
    );
  }
  return { dir, names };
}
