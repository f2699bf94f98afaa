import path from 'node:path';
import { parseArgs } from 'node:util';
import { MEASURED } from '../plan/figures.ts';
import { planInput } from '../plan/input.ts';
import { formatPlan, targetsMet } from '../plan/format.ts';
import { planDay } from '../plan/model.ts';
import { readTemplate } from '../local/template.ts';
import type { Command } from './command.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'how long a day of N pages takes on the deployed stack and what it costs, from template.yaml',
  usage: `shelfwatch plan --pages <n> --sites <n> --markets <n> [options]

  Reads template.yaml's parameters (their defaults, or the values given here) and the figures
  measured on this project's pages (docs/performance.md), and prints the stream's slots, the wall
  time of a daily run (its busiest slot, not the mean), whether a record would outlive its age
  limit, and the cost per day and per 1,000 pages, item by item. Exits 1 when a target is missed.

  --pages <n>            pages a day (jobs: keywords × pages × markets)
  --sites <n>            retailer sites
  --markets <n>          markets per site
  --page-seconds <s>     a page's time in a busy tab (default ${MEASURED.tabSecondsPerPage}, measured on the demo
                         shop; real retailers are 2 to 5 times slower)
  --rate <n>             pages of one market at once (selector files' rate.concurrency; default 4)
  --tabs <n>             ScrapeConcurrency (default: the template's)
  --memory <mb>          ScrapeMemorySize (default: the template's)
  --stream-mode <mode>   StreamMode, ON_DEMAND or PROVISIONED (default: the template's)
  --shards <n>           StreamShardCount when provisioned (default: the template's)
  --retention-days <n>   HistoryRetentionDays (default: the template's)
  --template <file>      default template.yaml`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        pages: { type: 'string' },
        sites: { type: 'string' },
        markets: { type: 'string' },
        'page-seconds': { type: 'string' },
        rate: { type: 'string' },
        tabs: { type: 'string' },
        memory: { type: 'string' },
        'stream-mode': { type: 'string' },
        shards: { type: 'string' },
        'retention-days': { type: 'string' },
        template: { type: 'string', default: 'template.yaml' },
      },
      strict: true,
    });
    const input = planInput(values, await readTemplate(path.resolve(values.template)));
    const plan = planDay(input);
    console.log(formatPlan(plan));
    return targetsMet(plan) ? 0 : 1;
  },
};
