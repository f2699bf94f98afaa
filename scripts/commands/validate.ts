import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { defineCommand, text } from './command.ts';

export const command = defineCommand({
  usage: `shelfwatch validate [--dir selectors]`,
  options: {
    dir: text('dir', 'the selector folder (default selectors)', 'selectors'),
  },
  async run(values) {
    const set = await loadSelectorDir(values.dir);
    for (const site of set.sites) {
      const jobs = site.pages.reduce((sum, page) => sum + (page.kind === 'search' ? page.keywords.length : 1), 0);
      console.log(`ok      ${site.file}  (${site.pages.length} pages, ${jobs} jobs)`);
    }
    for (const problem of set.problems) console.log(`broken  ${formatProblem(problem)}`);
    console.log(`\n${set.sites.length} site files loaded, ${new Set(set.problems.map((p) => p.file)).size} broken`);
    return set.problems.length > 0 ? 1 : 0;
  },
});
