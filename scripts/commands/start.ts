import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { expandJobs, resolveJob } from '../../functions/core/jobs/expand.ts';
import { readPage } from '../../functions/core/page/read-page.ts';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { withOrigin } from '../../functions/core/selectors/urls.ts';
import { startDemoShop } from '../demo-shop/server.ts';
import { formatOutcomeLine } from '../format/page-result.ts';
import type { Command } from './command.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'start the demo shop and read every page its selector files describe, with real Chrome',
  usage: `shelfwatch start [--once] [--concurrency 4]

  --once         stop after the scan instead of keeping the demo shop up`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { once: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '4' } }, strict: true });
    const set = await loadSelectorDir('selectors');
    for (const problem of set.problems) console.error(`skipped: ${formatProblem(problem)}`);
    const shop = await startDemoShop({ port: 0 });
    const sites = set.sites.map((site) => (site.site === 'demo-shop' ? withOrigin(site, shop.url) : site));
    const jobs = expandJobs(sites.filter((site) => site.site === 'demo-shop'));
    console.log(`demo shop on ${shop.url}; reading ${jobs.length} pages of ${sites.length} selector files`);

    let browser: Promise<Browser> | undefined;
    const classify = createClassifier(set.tracking);
    const limit = pLimit(Number(values.concurrency));
    const started = performance.now();
    const counts = new Map<string, number>();
    await Promise.all(
      jobs.map((job) =>
        limit(async () => {
          const target = resolveJob(sites, job);
          if (!target) return;
          const outcome = await readPage({ ...target, keyword: job.keyword }, { browser: () => (browser ??= launchBrowser()), classify });
          counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
          console.log(formatOutcomeLine(`${job.site}/${job.market}/${job.page}${job.keyword ? ` "${job.keyword}"` : ''}`, outcome));
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n${jobs.length} pages in ${seconds.toFixed(1)} s (${(jobs.length / seconds).toFixed(1)} pages/s): ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`);
    await (await browser)?.close();
    if (!values.once) {
      console.log(`demo shop still serving on ${shop.url} — Ctrl-C to stop`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    }
    await shop.close();
    return 0;
  },
};
