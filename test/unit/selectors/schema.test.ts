import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSiteFile, parseTrackingFile } from '../../../functions/core/selectors/load.ts';
import { formatProblem } from '../../../functions/core/selectors/problems.ts';

const FILE = 'selectors/demo/fr.yaml';

/** A valid file; each case below breaks one thing in a copy of it. */
function validFile(): Record<string, any> {
  return {
    site: 'demo',
    market: 'fr',
    baseUrl: 'http://127.0.0.1:4010/fr',
    locale: 'fr-FR',
    currency: 'EUR',
    render: 'chrome',
    before: [{ click: '#accept-cookies', optional: true }, { scroll: 'bottom' }],
    blockedIf: '.captcha',
    fields: { name: '.tile-name', brand: '.tile-brand', url: 'a@href', price: '.price' },
    pages: [
      {
        kind: 'search',
        url: '/recherche?q={keyword}',
        keywords: ['mascara'],
        item: '[data-test=product-tile]',
        sponsored: '.badge',
      },
      {
        kind: 'category',
        name: 'mascara',
        url: '/maquillage/mascara',
        item: '.tile',
        next: 'a.next@href',
        maxPages: 2,
      },
      {
        kind: 'placement',
        name: 'home',
        url: '/',
        slots: { hero: '.hero a', carousel: { item: '.carousel .tile', optional: true } },
      },
    ],
  };
}

function problemsFor(text: string): string[] {
  return parseSiteFile(FILE, text).problems.map(formatProblem);
}

describe('Selector files: a valid file', () => {
  it('loads with defaults filled in', () => {
    const { site, problems } = parseSiteFile(FILE, stringify(validFile()));
    expect(problems).toEqual([]);
    expect(site?.topN).toBe(10);
    expect(site?.pages[1]).toMatchObject({ kind: 'category', maxPages: 2 });
    expect(site?.before[0]).toEqual({ click: '#accept-cookies', optional: true, navigates: false });
    // Gentle for a retailer nobody asked: two pages at once, one a second, three tries.
    expect(site?.rate).toEqual({ concurrency: 2, requestsPerMinute: 60, delayMs: 0 });
    expect(site?.retry).toEqual({ tries: 3, backoffMs: 2_000, maxBackoffMs: 20_000 });
    expect(site?.proxy).toBeUndefined();
  });

  it.each(['env:SHELFWATCH_PROXY_DE', 'ssm:/shelfwatch/proxies/de', 'secret:shelfwatch/proxies/residential-eu'])(
    'names a proxy pool by reference: %s',
    (pool) => {
      const file = { ...validFile(), proxy: { pool } };
      expect(parseSiteFile(FILE, stringify(file)).site?.proxy).toEqual({ pool });
    },
  );
});

type Case = [title: string, mutate: (file: Record<string, any>) => void, expected: string];

const CASES: Case[] = [
  ['missing site', (f) => delete f.site, `${FILE}: site: required`],
  ['missing baseUrl', (f) => delete f.baseUrl, `${FILE}: baseUrl: required`],
  ['baseUrl not a URL', (f) => (f.baseUrl = 'demo shop'), `${FILE}: baseUrl: expected an http(s) URL`],
  [
    'baseUrl with a file: scheme',
    (f) => (f.baseUrl = 'file:///etc/passwd'),
    `${FILE}: baseUrl: expected an http(s) URL`,
  ],
  ['unknown locale', (f) => (f.locale = 'xx-NOPE-123456789'), `${FILE}: locale: not a locale`],
  ['currency not ISO', (f) => (f.currency = '€'), `${FILE}: currency: expected an ISO 4217 code`],
  ['render mode misspelt', (f) => (f.render = 'chromium'), `${FILE}: render: expected "chrome", "static" or "auto"`],
  ['unknown top-level key (typo)', (f) => (f.blockedIff = '.x'), `${FILE}: blockedIff: unknown key`],
  ['invalid blockedIf selector', (f) => (f.blockedIf = 'div[data-x'), `${FILE}: blockedIf: not a valid CSS selector`],
  ['no pages', (f) => (f.pages = []), `${FILE}: pages: expected at least one page`],
  [
    'page without kind',
    (f) => delete f.pages[0].kind,
    `${FILE}: pages[0].kind: expected kind: search, category or placement`,
  ],
  [
    'page with an unknown kind',
    (f) => (f.pages[0].kind = 'banner'),
    `${FILE}: pages[0].kind: expected kind: search, category or placement`,
  ],
  ['search page without item', (f) => delete f.pages[0].item, `${FILE}: pages[0].item: required`],
  [
    'search url without {keyword}',
    (f) => (f.pages[0].url = '/recherche'),
    `${FILE}: pages[0].url: must contain {keyword}`,
  ],
  [
    'search without keywords',
    (f) => (f.pages[0].keywords = []),
    `${FILE}: pages[0].keywords: expected at least one keyword`,
  ],
  [
    'page url is absolute',
    (f) => (f.pages[1].url = 'https://elsewhere.example/x'),
    `${FILE}: pages[1].url: expected a path starting with "/"`,
  ],
  ['page url escapes baseUrl', (f) => (f.pages[1].url = '/../admin'), `${FILE}: pages[1].url: must stay under baseUrl`],
  [
    'protocol-relative page url',
    (f) => (f.pages[1].url = '//evil.example/'),
    `${FILE}: pages[1].url: must stay under baseUrl`,
  ],
  ['category without name', (f) => delete f.pages[1].name, `${FILE}: pages[1].name: required`],
  ['maxPages out of range', (f) => (f.pages[1].maxPages = 50), `${FILE}: pages[1].maxPages: Too big`],
  ['unknown key in a page (typo)', (f) => (f.pages[0].keywrods = ['x']), `${FILE}: pages[0].keywrods: unknown key`],
  ['placement without slots', (f) => (f.pages[2].slots = {}), `${FILE}: pages[2].slots: expected at least one slot`],
  [
    'slot with a broken selector',
    (f) => (f.pages[2].slots.hero = '.hero ['),
    `${FILE}: pages[2].slots.hero: expected an item selector or { item, fields?, sponsored?, optional? }`,
  ],
  [
    'duplicate page names',
    (f) => (f.pages[2].name = 'mascara'),
    `${FILE}: pages[2].name: duplicate page name "mascara" (also pages[1])`,
  ],
  ['fields without name', (f) => delete f.fields.name, `${FILE}: fields.name: required (every tile needs a name)`],
  [
    'field with a bad attribute',
    (f) => (f.fields.url = 'a@hr ef'),
    `${FILE}: fields.url: not a valid attribute name after "@": "hr ef"`,
  ],
  [
    'field with a bad regex',
    (f) => (f.fields.sku = { select: '@data-sku', match: '(' }),
    `${FILE}: fields.sku.match: not a valid regular expression`,
  ],
  [
    'listing with no fields anywhere',
    (f) => delete f.fields,
    `${FILE}: pages[0].fields: required (no file-level fields to fall back on)`,
  ],
  [
    'unknown browser step',
    (f) => (f.before = [{ tap: '#x' }]),
    `${FILE}: before[0]: expected one of { click }, { scroll }, { waitFor }, { wait }`,
  ],
  ['a wait that is too long', (f) => (f.before = [{ wait: 60_000 }]), `${FILE}: before[0].wait: at most 10000 ms`],
  [
    'browser steps on a static page',
    (f) => ((f.pages[1].render = 'static'), (f.pages[1].before = [{ scroll: 'bottom' }])),
    `${FILE}: pages[1].before: browser steps need render: chrome`,
  ],
  [
    'browser steps on an auto page (a plain fetch runs none)',
    (f) => ((f.pages[1].render = 'auto'), (f.pages[1].before = [{ scroll: 'bottom' }])),
    `${FILE}: pages[1].before: browser steps need render: chrome`,
  ],
  [
    'file-wide steps with every page auto',
    (f) => ((f.render = 'auto'), (f.before = [{ scroll: 'bottom' }])),
    `${FILE}: before: browser steps need render: chrome`,
  ],
  ['topN zero', (f) => (f.topN = 0), `${FILE}: topN: Too small`],
  ['a number where a selector goes', (f) => (f.pages[0].item = 42), `${FILE}: pages[0].item: expected a CSS selector`],
  ['market with capitals', (f) => (f.market = 'FR'), `${FILE}: market: expected lower-case letters`],
  [
    'a proxy URL written into the file',
    (f) => (f.proxy = { pool: 'http://user:pass@proxy.example:8000' }),
    `${FILE}: proxy.pool: expected a reference, never the proxy URL itself`,
  ],
  [
    'a parameter outside shelfwatch/proxies/',
    (f) => (f.proxy = { pool: 'ssm:/prod/db-password' }),
    `${FILE}: proxy.pool: expected a reference`,
  ],
  [
    'an unknown proxy setting',
    (f) => (f.proxy = { pool: 'env:PROXY', rotate: true }),
    `${FILE}: proxy.rotate: unknown key (a typo?)`,
  ],
  [
    'a rate of nothing a minute',
    (f) => (f.rate = { requestsPerMinute: 0 }),
    `${FILE}: rate.requestsPerMinute: expected a number of page loads a minute (1 to 6000) or "unlimited"`,
  ],
  [
    'a delay over a minute',
    (f) => (f.rate = { delayMs: 90_000 }),
    `${FILE}: rate.delayMs: at most 60000 ms between pages`,
  ],
  ['too many tries', (f) => (f.retry = { tries: 20 }), `${FILE}: retry.tries: at most 6 tries`],
  [
    'a timezone nobody knows',
    (f) => (f.identity = { timezone: 'Europe/Atlantis' }),
    `${FILE}: identity.timezone: not a timezone this runtime knows: "Europe/Atlantis"`,
  ],
];

describe('Selector files: each mistake names the file and the field', () => {
  it(`covers at least 20 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)('%s', (_title, mutate, expected) => {
    const file = validFile();
    mutate(file);
    const problems = problemsFor(stringify(file));
    expect(
      problems.some((problem) => problem.startsWith(expected)),
      `expected "${expected}" in:\n${problems.join('\n')}`,
    ).toBe(true);
  });

  it('reports YAML syntax errors with line and column', () => {
    const problems = problemsFor('site: demo\npages: [\n  - kind: search\n');
    expect(problems[0]).toMatch(new RegExp(`^${FILE}: line \\d+, column \\d+: not valid YAML`));
  });

  it('reports a key given twice', () => {
    expect(problemsFor('site: demo\nsite: other\n')[0]).toMatch(/not valid YAML: Map keys must be unique/);
  });

  it('reports a file that is not a mapping', () => {
    expect(problemsFor('- just\n- a list\n')[0]).toBe(`${FILE}: expected a mapping, got a list`);
  });
});

describe('Tracking file', () => {
  it('needs at least one brand of ours', () => {
    const { problems } = parseTrackingFile('selectors/tracking.yaml', 'ours:\n  brands: {}\n');
    expect(problems.map(formatProblem)).toContain('selectors/tracking.yaml: ours.brands: expected at least one brand');
  });

  it('rejects a product matcher with neither pattern', () => {
    const { problems } = parseTrackingFile(
      'selectors/tracking.yaml',
      'ours:\n  brands: { Lumière: [] }\n  products: [{ brand: Lumière }]\n',
    );
    expect(problems.map(formatProblem)).toContain(
      'selectors/tracking.yaml: ours.products[0]: expected namePattern or urlPattern',
    );
  });

  it('accepts brands without aliases', () => {
    const { tracking, problems } = parseTrackingFile(
      't.yaml',
      'ours:\n  brands:\n    Lumière:\ncompetitors:\n  Glowco: [Glow Co]\n',
    );
    expect(problems).toEqual([]);
    expect(tracking?.ours.brands).toEqual({ Lumière: [] });
  });
});
