import path from 'node:path';
import { MEASURED } from '../plan/figures.ts';
import { planInput } from '../plan/input.ts';
import { formatPlan, targetsMet } from '../plan/format.ts';
import { planDay } from '../plan/model.ts';
import { readTemplate } from '../local/template.ts';
import { defineCommand } from './command.ts';

export const command = defineCommand({
  usage: `shelfwatch plan --pages <n> --sites <n> --markets <n> [options]

  Reads template.yaml's parameters (their defaults, or the values given here) and the figures
  measured on this project's pages (docs/performance.md), and prints the stream's slots, the wall
  time of a daily run (its busiest slot, not the mean), whether a record would outlive its age
  limit, and the cost per day and per 1,000 pages, item by item. Exits 1 when a target is missed.`,
  options: {
    pages: { type: 'string', arg: 'n', help: 'pages a day (jobs: keywords × pages × markets)' },
    sites: { type: 'string', arg: 'n', help: 'retailer sites' },
    markets: { type: 'string', arg: 'n', help: 'markets per site' },
    'page-seconds': {
      type: 'string',
      arg: 's',
      help: `a page's time in a busy tab (default ${MEASURED.tabSecondsPerPage}, measured on the demo\nshop; real retailers are 2 to 5 times slower)`,
    },
    rate: {
      type: 'string',
      arg: 'n',
      help: "pages of one market at once (selector files' rate.concurrency; default 4)",
    },
    tabs: { type: 'string', arg: 'n', help: "ScrapeConcurrency (default: the template's)" },
    memory: { type: 'string', arg: 'mb', help: "ScrapeMemorySize (default: the template's)" },
    'stream-mode': {
      type: 'string',
      arg: 'mode',
      help: "StreamMode, ON_DEMAND or PROVISIONED (default: the template's)",
    },
    shards: { type: 'string', arg: 'n', help: "StreamShardCount when provisioned (default: the template's)" },
    'retention-days': { type: 'string', arg: 'n', help: "HistoryRetentionDays (default: the template's)" },
    template: { type: 'string', default: 'template.yaml', arg: 'file', help: 'default template.yaml' },
  },
  async run(values) {
    const input = planInput(values, await readTemplate(path.resolve(values.template)));
    const plan = planDay(input);
    console.log(formatPlan(plan));
    return targetsMet(plan) ? 0 : 1;
  },
});
