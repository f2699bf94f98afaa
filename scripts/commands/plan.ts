import path from 'node:path';
import { MEASURED } from '../plan/figures.ts';
import { planInput } from '../plan/input.ts';
import { formatPlan, targetsMet } from '../plan/format.ts';
import { planDay } from '../plan/model.ts';
import { readTemplate } from '../local/template.ts';
import { defineCommand, text } from './command.ts';

export const command = defineCommand({
  usage: `shelfwatch plan --pages <n> --sites <n> --markets <n> [options]

  Reads template.yaml's parameters (their defaults, or the values given here) and the figures
  measured on this project's pages (docs/performance.md), and prints the stream's slots, the wall
  time of a daily run (its busiest slot, not the mean), whether a record would outlive its age
  limit, and the cost per day and per 1,000 pages, item by item. Exits 1 when a target is missed.`,
  options: {
    pages: text('n', 'pages a day (jobs: keywords × pages × markets)'),
    sites: text('n', 'retailer sites'),
    markets: text('n', 'markets per site'),
    'page-seconds': text(
      's',
      `a page's time in a busy tab (default ${MEASURED.tabSecondsPerPage}, measured on the demo\nshop; real retailers are 2 to 5 times slower)`,
    ),
    rate: text('n', "pages of one market at once (selector files' rate.concurrency; default 4)"),
    tabs: text('n', "ScrapeConcurrency (default: the template's)"),
    memory: text('mb', "ScrapeMemorySize (default: the template's)"),
    'stream-mode': text('mode', "StreamMode, ON_DEMAND or PROVISIONED (default: the template's)"),
    shards: text('n', "StreamShardCount when provisioned (default: the template's)"),
    'retention-days': text('n', "HistoryRetentionDays (default: the template's)"),
    template: text('file', 'default template.yaml', 'template.yaml'),
  },
  async run(values) {
    const input = planInput(values, await readTemplate(path.resolve(values.template)));
    const plan = planDay(input);
    console.log(formatPlan(plan));
    return targetsMet(plan) ? 0 : 1;
  },
});
