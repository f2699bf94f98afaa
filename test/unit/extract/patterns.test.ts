import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import { MAX_FIELD_CHARS } from '../../../functions/core/extract/fields.ts';
import { parseSiteFile, parseTrackingFile } from '../../../functions/core/selectors/load.ts';
import { formatProblem } from '../../../functions/core/selectors/problems.ts';
import { siteFileSchema } from '../../../functions/core/selectors/schema.ts';

/**
 * Patterns come from selector and tracking files, which a careless maintainer (or a bad merge)
 * can fill with catastrophic backtracking. On JavaScript's engine each of these takes from seconds
 * to centuries on the input below, with the event loop blocked so no deadline can fire; each test
 * here has a few seconds in all, so a backtracking engine fails it by hanging.
 */
const EVIL = ['(a+)+$', '(a|aa)+$', '(a|a?)+$', '(.*a){12}$', '^(\\w+\\s?)*$', '(x+x+)+y'];
const victim = `${'a'.repeat(MAX_FIELD_CHARS - 1)}!`;

const siteWith = (match: string) =>
  siteFileSchema.parse({
    site: 'shop',
    market: 'fr',
    baseUrl: 'https://shop.example/fr',
    locale: 'fr-FR',
    currency: 'EUR',
    fields: { name: '.n', sku: { select: '@data-sku', match } },
    pages: [{ kind: 'search', url: '/s?q={keyword}', keywords: ['x'], item: '.tile' }],
  });

describe('Patterns run in linear time, whatever the file says', () => {
  it.each(EVIL)(
    'a field `match: %s` passes validation and extraction still finishes at once',
    (match) => {
      const site = siteWith(match);
      const html = `<ul>${Array.from({ length: 20 }, (_u, i) => `<li class="tile" data-sku="${victim}"><span class="n">Tile ${i}</span></li>`).join('')}</ul>`;
      const result = extractPage({
        html,
        pageUrl: 'https://shop.example/fr/s?q=x',
        site,
        page: site.pages[0]!,
        classify: createClassifier(null),
      });
      expect(result.status).toBe('ok');
      expect('tiles' in result && result.tiles).toHaveLength(20);
    },
    5_000,
  );

  // Only `(a|a?)+$` matches the victim (an empty match at its end); the others do not.
  it.each(EVIL.map((pattern) => [pattern, pattern === '(a|a?)+$' ? 'ours' : 'other'] as const))(
    'a tracking `namePattern: %s` classifies long names at once (%s)',
    (pattern, owner) => {
      const { tracking, problems } = parseTrackingFile(
        'tracking.yaml',
        `ours:\n  brands: { Lumière: [] }\n  products: [{ namePattern: ${JSON.stringify(pattern)} }]\n`,
      );
      expect(problems).toEqual([]);
      const classify = createClassifier(tracking);
      for (let i = 0; i < 50; i++) expect(classify({ name: victim, brand: null, url: null }).owner).toBe(owner);
    },
    5_000,
  );

  it('keeps what a field pattern is for: the first group, or the whole match', () => {
    const site = siteWith('/p/([A-Z0-9-]+)');
    const html = '<li class="tile" data-sku="https://shop.example/p/LUM-12?x=1"><span class="n">A</span></li>';
    const result = extractPage({
      html,
      pageUrl: 'https://shop.example/fr/s?q=x',
      site,
      page: site.pages[0]!,
      classify: createClassifier(null),
    });
    expect('tiles' in result && result.tiles[0]!.extra.sku).toBe('LUM-12');
  });

  it.each([
    ['a lookahead', 'a(?=b)', 'lookarounds and backreferences are not supported'],
    ['a lookbehind', '(?<=€)\\d+', 'lookarounds and backreferences are not supported'],
    ['a backreference', '(a)\\1', 'lookarounds and backreferences are not supported'],
    ['an unclosed group', '(', 'missing closing )'],
  ])('refuses %s at validation, naming the file, the field and why', (_title, match, why) => {
    const text = `site: shop\nmarket: fr\nbaseUrl: https://shop.example/fr\nlocale: fr-FR\ncurrency: EUR\nfields:\n  name: .n\n  sku: { select: "@data-sku", match: ${JSON.stringify(match)} }\npages:\n  - { kind: search, url: "/s?q={keyword}", keywords: [x], item: .tile }\n`;
    const problems = parseSiteFile('selectors/shop/fr.yaml', text).problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^selectors/shop/fr\\.yaml: fields\\.sku\\.match: not a valid regular expression: .*${why.replace(/[()]/g, '\\$&')}`,
        ),
      ),
    ]);
  });

  it('a field value of megabytes is cut to MAX_FIELD_CHARS', () => {
    const site = siteWith('.*');
    const html = `<li class="tile" data-sku="s"><span class="n">${'word '.repeat(500_000)}</span></li>`;
    const result = extractPage({
      html,
      pageUrl: 'https://shop.example/fr/s?q=x',
      site,
      page: site.pages[0]!,
      classify: createClassifier(null),
    });
    expect('tiles' in result && result.tiles[0]!.name!.length).toBe(MAX_FIELD_CHARS);
  });
});
