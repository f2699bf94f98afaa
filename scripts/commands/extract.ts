import { createClassifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import { parseSiteFile } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { pageUrl } from '../../functions/core/selectors/urls.ts';
import path from 'node:path';
import { TRACKING_FILE } from '../../functions/core/selectors/load.ts';
import { formatExtractSummary } from '../format/extract-summary.ts';
import { formatPageResult } from '../format/page-result.ts';
import { selectorFileFor } from '../maintain/saved-page-name.ts';
import { extractMany, htmlFilesIn, jsonLine } from '../maintain/extract-many.ts';
import { defineCommand, flag, repeated, text, UsageError } from './command.ts';
import { choosePage, readBytes, readText, readTracking, trackingBeside } from './selector-file.ts';

export const command = defineCommand({
  usage: `shelfwatch extract --selectors <file.yaml> --html <saved.html> [--page <name>] [--keyword <k>] [--url <page url>] [--tracking <file>] [--json]
       shelfwatch extract --dir <folder> [--selectors-dir <folder> | --selectors <file.yaml>] [--page <name>] [--tracking <file>] [--json]
       shelfwatch extract --html <a.html> --html <b.html> … (each with its <name>.yaml beside it, or --selectors)`,
  options: {
    selectors: text('file.yaml', 'the selector file (one site × market), e.g. selectors/demo-shop/us.yaml'),
    html: repeated('saved.html', 'a saved page (browser "Save page as", curl, or evidence from a scan)'),
    dir: text(
      'folder',
      'every <name>.html of a folder, each with the selector file <name>.yaml of\n--selectors-dir (default: the same folder) or the one --selectors file; a\nsummary table (tiles, sponsored, (unknown) brands, two prices) in one process',
    ),
    'selectors-dir': text('folder', "with --dir: where each page's <name>.yaml is (default: the same folder)"),
    page: text(
      'name',
      'which page of the file: its name, or its kind (search, category, placement);\nmay be left out when the file has one page',
    ),
    keyword: text('k', 'the search keyword the page was saved for (sets the URL links resolve against)'),
    url: text('page url', "the address the page was saved from, when it differs from the file's"),
    tracking: text('file', 'what counts as ours (default: tracking.yaml beside the site folders)'),
    json: flag('print the full result as JSON instead of tables (with several pages: one JSON line each)'),
  },
  async run(values) {
    const htmls = values.html ?? [];
    if (values.dir || htmls.length > 1 || values['selectors-dir']) return extractFolder(values, htmls);
    if (!values.selectors) throw new UsageError('--selectors is required');
    if (!htmls[0]) throw new UsageError('--html is required (or --dir)');
    const htmlFile = htmls[0];

    const { site, problems } = parseSiteFile(values.selectors, await readBytes(values.selectors));
    if (!site) {
      for (const problem of problems) console.error(formatProblem(problem));
      return 1;
    }
    const page = choosePage(site, values.page);
    const tracking = await readTracking(
      values.tracking ?? trackingBeside(values.selectors),
      values.tracking !== undefined,
    );
    const keyword = values.keyword ?? (page.kind === 'search' ? page.keywords[0] : undefined);
    const html = await readText(htmlFile);
    const result = extractPage({
      html,
      pageUrl: values.url ?? pageUrl(site, page, keyword),
      site,
      page,
      classify: createClassifier(tracking),
    });

    if (values.json) console.log(JSON.stringify(result, null, 2));
    else
      console.log(
        `${site.site} / ${site.market} / ${page.name ?? page.kind}${keyword ? ` "${keyword}"` : ''}  (${htmlFile})\n${formatPageResult(result)}`,
      );
    return 0;
  },
});

/** Many saved pages in one process: a table (or JSON lines), non-zero when any is not ok. */
async function extractFolder(
  values: {
    dir?: string | undefined;
    selectors?: string | undefined;
    'selectors-dir'?: string | undefined;
    page?: string | undefined;
    tracking?: string | undefined;
    json?: boolean | undefined;
  },
  htmls: string[],
): Promise<number> {
  const pages = [...htmls, ...(values.dir ? await htmlFilesIn(values.dir) : [])];
  if (pages.length === 0) throw new UsageError(`no .html files${values.dir ? ` in ${values.dir}` : ''}`);
  const selectorsFor = (html: string) => values.selectors ?? selectorFileFor(html, values['selectors-dir']);
  const trackingFile = values.tracking ?? path.join(values['selectors-dir'] ?? path.dirname(pages[0]!), TRACKING_FILE);
  const tracking = await readTracking(trackingFile, values.tracking !== undefined);
  let shown = 0;
  const done = await extractMany({
    pages,
    selectorsFor,
    pageName: values.page,
    classify: createClassifier(tracking),
    onPage: (page) => {
      if (values.json) console.log(jsonLine(page));
      else if (pages.length > 20) console.error(`[${++shown}/${pages.length}] ${path.basename(page.html)}`);
    },
  });
  if (!values.json) console.log(formatExtractSummary(done));
  return done.every((page) => page.result?.status === 'ok') ? 0 : 1;
}
