import { parseArgs } from 'node:util';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import { parseSiteFile } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { pageUrl } from '../../functions/core/selectors/urls.ts';
import { formatPageResult } from '../format/page-result.ts';
import { UsageError, type Command } from './command.ts';
import { choosePage, readBytes, readText, readTracking, trackingBeside } from './selector-file.ts';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'extract ranked results from a saved HTML page with a selector file (no browser, no network)',
  usage: `shelfwatch extract --selectors <file.yaml> --html <saved.html> [--page <name>] [--keyword <k>] [--url <page url>] [--tracking <file>] [--json]

  --selectors  the selector file (one site × market), e.g. selectors/demo-shop/us.yaml
  --html       a saved page (browser "Save page as", curl, or evidence from a scan)
  --page       which page of the file: its name, or its kind (search, category, placement);
               may be left out when the file has one page
  --keyword    the search keyword the page was saved for (sets the URL links resolve against)
  --url        the address the page was saved from, when it differs from the file's
  --tracking   what counts as ours (default: tracking.yaml beside the site folders)
  --json       print the full result as JSON instead of tables`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        selectors: { type: 'string' },
        html: { type: 'string' },
        page: { type: 'string' },
        keyword: { type: 'string' },
        url: { type: 'string' },
        tracking: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.selectors) throw new UsageError('--selectors is required');
    if (!values.html) throw new UsageError('--html is required');

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
    const html = await readText(values.html);
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
        `${site.site} / ${site.market} / ${page.name ?? page.kind}${keyword ? ` "${keyword}"` : ''}  (${values.html})\n${formatPageResult(result)}`,
      );
    return 0;
  },
};
