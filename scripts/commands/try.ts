import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { guardedLauncher } from '../../functions/core/browser/guarded-launcher.ts';
import { createRequestGuard } from '../../functions/core/security/request-guard.ts';
import { createClassifier, type Classifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import { parseSiteFile, type LoadedSite } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import type { PageSpec } from '../../functions/core/selectors/schema.ts';
import { pageUrl } from '../../functions/core/selectors/urls.ts';
import { renderTable } from '../format/table.ts';
import { brandNote, figureNotes } from '../format/page-result.ts';
import { formatTileValues, partial, priceWarnings } from '../maintain/tile-values.ts';
import { OUTLINE_COLORS, outlineMatches, tileLikeGroups, type OutlineGroup } from '../maintain/outline.ts';
import { screenshotMatches } from '../maintain/screenshot.ts';
import { openPage } from '../maintain/open-page.ts';
import { probeSelectors, type Probe } from '../maintain/probe-selectors.ts';
import { heldByAnother } from '../local/data-lock.ts';
import { DEFAULT_DATA_DIR } from '../local/data-dir.ts';
import { withOrigin } from '../../functions/core/selectors/urls.ts';
import { defineCommand, flag, text, UsageError } from './command.ts';
import { choosePage, readBytes, readText, readTracking, trackingBeside } from './selector-file.ts';

export const command = defineCommand({
  usage: `shelfwatch try <selector file> [--page <name>] [--keyword <k>] [--url <address> | --html <saved.html>] [--out <dir>]

  Opens each page of the file (or just --page) in headless Chromium as a scan would (browser steps,
  consent clicks, waiting for the items), then prints every selector with how many elements it
  matched and the first value, warns on zero matches, and saves a screenshot with each item
  outlined and numbered and each field outlined. Exits 1 when a selector matched nothing.`,
  positionals: '<selector file>',
  options: {
    page: text('name', 'a page of the file, by name or kind (default: every page)'),
    keyword: text('k', "for search pages: the keyword to search (default: the file's first)"),
    url: text('address', 'open this address instead of the one the file builds (another host, a test shop)'),
    html: text(
      'saved.html',
      'a saved page instead of the live one (shown without running its scripts; needs --page\nwhen the file has several pages)',
    ),
    out: text('dir', 'where screenshots go (default .shelfwatch/try)', '.shelfwatch/try'),
    tracking: text('file', 'what counts as ours (default: tracking.yaml beside the site folders)'),
    all: flag("every tile's values, not only the first (~ marks a field found on some tiles only)"),
    data: text(
      'dir',
      `a running local stack's data folder (default ${DEFAULT_DATA_DIR}): a site it reads elsewhere than\nits file says (the demo shop on its own port) is opened there`,
      DEFAULT_DATA_DIR,
    ),
  },
  async run(values, positionals) {
    const [file, ...extra] = positionals;
    if (!file || extra.length)
      throw new UsageError('expected one selector file, e.g. shelfwatch try selectors/demo-shop/us.yaml');
    if (values.url !== undefined && values.html !== undefined) throw new UsageError('give --url or --html, not both');
    if (values.url !== undefined && !/^https?:\/\//.test(values.url))
      throw new UsageError(`--url expects an http(s) address, got "${values.url}"`);
    const parsed = parseSiteFile(file, await readBytes(file));
    if (!parsed.site) {
      for (const problem of parsed.problems) console.error(formatProblem(problem));
      return 1;
    }
    // `npm start` serves the demo shop on a port of its own when 4010 is taken: open it where it runs.
    const runningAt = values.url ? undefined : heldByAnother(values.data)?.siteOrigins?.[parsed.site.site];
    if (runningAt) console.error(`${parsed.site.site}: opened where the running local stack reads it, ${runningAt}`);
    const site = runningAt ? withOrigin(parsed.site, runningAt) : parsed.site;
    const pages = values.page || values.html ? [choosePage(site, values.page)] : site.pages;
    const savedHtml = values.html ? await readText(values.html) : undefined;
    const classify = createClassifier(
      await readTracking(values.tracking ?? trackingBeside(file), values.tracking !== undefined),
    );
    await mkdir(values.out, { recursive: true });
    // The page's scripts run on this machine: only the address asked for may be private (a local shop).
    const launcher = guardedLauncher(
      createRequestGuard({ allowedOrigins: [new URL(values.url ?? site.baseUrl).origin] }),
    );
    const browser = await launcher.launch();
    let unmatched = 0;
    let unopened = 0;
    try {
      for (const page of pages) {
        const outcome = await tryPage(browser, site, page, {
          keyword: values.keyword,
          url: values.url,
          savedHtml,
          out: values.out,
          classify,
          all: values.all,
        });
        if (outcome === 'unopened') unopened += 1;
        else unmatched += outcome;
      }
    } finally {
      await browser.close();
      await launcher.close();
    }
    if (unmatched)
      console.log(
        `\n⚠ ${unmatched} selector(s) matched nothing: compare them with the page (see the screenshot), fix the file, try again.`,
      );
    if (unopened) console.log(`\n⚠ ${unopened} page(s) could not be opened.`);
    return unmatched || unopened ? 1 : 0;
  },
});

interface TryOptions {
  keyword: string | undefined;
  url: string | undefined;
  savedHtml: string | undefined;
  out: string;
  classify: Classifier;
  all: boolean;
}

/** How many selectors matched nothing, or that the page could not be opened. */
async function tryPage(
  browser: Browser,
  site: LoadedSite,
  page: PageSpec,
  options: TryOptions,
): Promise<number | 'unopened'> {
  const keyword = page.kind === 'search' ? (options.keyword ?? page.keywords[0]) : undefined;
  const url = options.url ?? pageUrl(site, page, keyword);
  const name = page.name ?? page.kind;
  const tab = await openPage(
    browser,
    site,
    page,
    options.savedHtml !== undefined ? { html: options.savedHtml, url } : { url },
  ).catch((error: Error) => error);
  if (tab instanceof Error) {
    console.log(`\n⚠ ${site.site} / ${site.market} / ${name}: could not open ${url}: ${tab.message.split('\n')[0]}`);
    return 'unopened';
  }
  try {
    const probes = probeSelectors(tab.html, site, page);
    const result = extractPage({ html: tab.html, pageUrl: tab.url, site, page, classify: options.classify });
    // Nothing matched the items: the repeated elements that look like tiles are outlined (grey) and named.
    const hints = probes.some((probe) => probe.role === 'items' && probe.warn) ? await tileLikeGroups(tab.page) : [];
    const drawn = await outlineMatches(tab.page, [
      ...outlineGroups(probes),
      ...hints.map((hint) => ({
        label: `looks like tiles: ${hint.selector}`,
        color: HINT_COLOR,
        items: hint.selector,
        numbered: true,
      })),
    ]);
    const shot = path.join(
      options.out,
      `try-${site.site}-${site.market}-${name}${keyword ? `-${keyword.replace(/[^\w-]+/g, '_')}` : ''}.png`,
    );
    await screenshotMatches(tab.page, shot);
    console.log(
      `\n${site.site} / ${site.market} / ${name}${keyword ? ` "${keyword}"` : ''}  ${options.savedHtml !== undefined ? '(saved page)' : tab.url}`,
    );
    for (const note of tab.notes) console.log(`  note: ${note}`);
    for (const hint of hints) console.log(`  hint: ${hint.count} repeated elements look like tiles: ${hint.selector}`);
    console.log(
      renderTable(probes, [
        { header: '', value: (probe) => (probe.warn ? '⚠' : partial(probe) ? '~' : '') },
        { header: 'selector', value: (probe) => probe.path, max: 32 },
        { header: 'css', value: (probe) => probe.selector, max: 40 },
        {
          header: 'matches',
          value: (probe) => (probe.of === undefined ? probe.matches : `${probe.matches}/${probe.of}`),
          align: 'right',
        },
        { header: 'first value', value: (probe) => probe.sample ?? '', max: 48 },
      ]),
    );
    for (const warning of priceWarnings(probes)) console.log(`  ${warning}`);
    const brands = brandNote(result);
    if (brands) console.log(`  ${brands}`);
    for (const note of figureNotes(result)) console.log(`  ${note}`);
    if (options.all) console.log(formatTileValues(probes));
    console.log(
      `extraction: ${result.status}${'tiles' in result ? `, ${result.tiles.length} tiles` : `, ${result.slots.reduce((sum, slot) => sum + slot.items.length, 0)} slot items`} · screenshot: ${shot} (${drawn.reduce((a, b) => a + b, 0)} boxes)`,
    );
    return probes.filter((probe) => probe.warn).length;
  } finally {
    await tab.page.close();
  }
}

/** Items and slots numbered, fields outlined, one colour each; page-level markers are not drawn. */
function outlineGroups(probes: Probe[]): OutlineGroup[] {
  const groups: OutlineGroup[] = [];
  let items = '';
  for (const probe of probes) {
    if (probe.role === 'items') items = probe.selector;
    // The sponsored badge is outlined as a field of the items; other page-level markers are not drawn.
    if (probe.path === 'sponsored') {
      groups.push({ label: 'sponsored', color: SPONSORED_COLOR, items, field: probe.selector, numbered: false });
      continue;
    }
    if (probe.role === 'page' || (probe.role === 'field' && !probe.outline)) continue;
    groups.push({
      label: probe.path,
      color: OUTLINE_COLORS[groups.length % OUTLINE_COLORS.length]!,
      items,
      field: probe.role === 'field' ? probe.outline! : undefined,
      numbered: probe.role === 'items',
    });
  }
  return groups;
}

const SPONSORED_COLOR = '#ff00aa';
const HINT_COLOR = '#777777';
