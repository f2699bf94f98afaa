import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { brokenPages } from '../../functions/core/heal/broken-pages.ts';
import { RECOVERY_THRESHOLD, type Suggestion } from '../../functions/core/heal/suggest-fix.ts';
import { suggestForPage } from '../../functions/core/heal/suggest-page.ts';
import type { Candidate, ListingPage } from '../../functions/core/heal/suggest-fix.ts';
import type { SiteFile } from '../../functions/core/selectors/schema.ts';
import { suggestFromSavedPages } from '../heal/saved-pages.ts';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { scannedDays } from '../../functions/core/store/days/scanned-days.ts';
import { applyFix, fixDiff } from '../heal/write-fix.ts';
import { defineCommand, flag, text, UsageError } from './command.ts';
import { isoDate } from './local-options.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';

export const command = defineCommand({
  usage: `shelfwatch suggest <site>/<market> [--page P] [--keyword K] [--date D] [--selectors <dir>] [--write] [--stack <name> | --data <dir>]

  For each listing page of the market that missed its selectors on the day, finds the products its
  last good day showed on the day's archived HTML, derives item and field selectors, and proves
  them (the broken day reads ok with ≥ ${RECOVERY_THRESHOLD * 100} % of those products; the last good day reads
  exactly as it did). Prints the best as a diff against the local selector file, or says plainly
  that no fix was found and what was.

  --page P / --keyword K   only this page (its name) / this keyword

  Without a scan history: --good <saved.html> --broken <saved.html> (a page saved while the file
  read it, and the same page saved since it broke) learn from the good page and prove on both.`,
  positionals: '<site>/<market>',
  options: {
    page: text('P', 'only this page (its name)'),
    keyword: text('K', 'only this keyword'),
    date: text('D', 'the broken day (default: the last scanned day)'),
    selectors: text('dir', 'the selector files to mend (default: selectors)', 'selectors'),
    write: flag('apply the best fix to the file, comments kept; then selectors push, replay'),
    good: text('saved.html', 'a page saved while the file read it (with --broken: no scan history needed)'),
    broken: text('saved.html', 'the same page saved since it broke'),
    ...STACK_OPTIONS,
  },
  async run(values, positionals) {
    const [site, market] = (positionals[0] ?? '').split('/');
    if (!site || !market) throw new UsageError('expected <site>/<market>, such as demo-shop/us');
    const set = await loadSelectorDir(values.selectors!);
    const file = set.sites.find((s) => s.site === site && s.market === market);
    if (!file) throw new UsageError(`no selector file for ${site}/${market} in ${values.selectors}`);
    if (values.good !== undefined || values.broken !== undefined) {
      if (!values.good || !values.broken) throw new UsageError('--good and --broken go together: two saved pages');
      const tried = suggestFromSavedPages(file, createClassifier(set.tracking), values);
      console.log(`\n${tried.label}, broken in ${values.broken}, good in ${values.good}:`);
      printSuggestion(tried.suggestion);
      if (tried.suggestion.kind !== 'fix') return 1;
      return writeOrShow(
        file.file,
        [{ index: tried.index, page: tried.page, fix: tried.suggestion.best }],
        file,
        values.write,
        null,
      );
    }
    return withStack(values, async (aws) => {
      const date = values.date ? isoDate(values.date, '--date') : (await scannedDays(aws.tableName, 1))[0];
      if (!date) throw new UsageError('nothing has been scanned yet');
      const found = await brokenPages(aws, date, { site, market, page: values.page, keyword: values.keyword });
      if (found.pages.length === 0) {
        console.log(
          `${site}/${market} on ${date}: no listing page missed its selectors (${found.readCleanly.length} read cleanly)`,
        );
        return 0;
      }
      const fixes: Array<{ index: number; page: ListingPage; fix: Candidate }> = [];
      const classify = createClassifier(set.tracking);
      for (const broken of found.pages) {
        const label = `${broken.target.page}${broken.target.keyword ? ` "${broken.target.keyword}"` : ''}`;
        const tried = suggestForPage(file, classify, broken);
        if (tried.kind === 'skipped') {
          console.log(`\n${label}: ${tried.reason}; no fix can be proven`);
          continue;
        }
        const { index, page, suggestion } = tried;
        console.log(`\n${label}, broken on ${date}, last good on ${tried.goodDate}:`);
        printSuggestion(suggestion);
        if (suggestion.kind === 'fix') fixes.push({ index, page, fix: suggestion.best });
      }
      return writeOrShow(file.file, fixes, file, values.write, date);
    });
  },
});

/** Each fix as a diff against the file, written with --write (comments kept); exit 0 when there was one. */
async function writeOrShow(
  fileName: string,
  fixes: Array<{ index: number; page: ListingPage; fix: Candidate }>,
  file: SiteFile,
  write: boolean | undefined,
  date: string | null,
): Promise<number> {
  let text = await readFile(fileName, 'utf8');
  for (const { index, page, fix } of fixes) {
    const fieldsAt = page.fields ? 'page' : 'file';
    const old = {
      item: page.item,
      sponsored: page.sponsored,
      fields: (page.fields ?? file.fields)!,
      fieldsAt,
    } as const;
    console.log(fixDiff(path.relative(process.cwd(), fileName), index, old, fix).join('\n'));
    if (write) text = applyFix(text, index, fieldsAt, fix);
  }
  if (write && fixes.length > 0) {
    await writeFile(fileName, text);
    console.log(
      `\nwrote ${fileName}; next: shelfwatch selectors push${date ? `, then shelfwatch replay --date ${date}` : ''}`,
    );
  } else if (fixes.length > 0) console.log('\nrun again with --write to apply it');
  return fixes.length > 0 ? 0 : 1;
}

function printSuggestion(suggestion: Suggestion): void {
  if (suggestion.kind === 'none') {
    console.log(`  no fix found: ${suggestion.reason} (threshold ${RECOVERY_THRESHOLD * 100} %)`);
    for (const finding of suggestion.findings.slice(0, 8)) console.log(`    ${finding}`);
    return;
  }
  const { best, others } = suggestion;
  console.log(
    `  fix found: item ${best.item} recovers ${best.recovered} of ${suggestion.known} known products, ${best.tiles} tiles; last good day ${best.goodDay}`,
  );
  if (best.unmended.length)
    console.log(
      `  not mended: ${best.unmended.join(', ')} (no selector reads the known values there; check them by hand)`,
    );
  for (const other of others.slice(0, 3))
    console.log(`  also proven: ${other.item} (${other.recovered} of ${suggestion.known})`);
}
