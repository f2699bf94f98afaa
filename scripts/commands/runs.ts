import { scannedDays } from '../../functions/core/store/days/scanned-days.ts';
import { getRunProgress } from '../../functions/core/store/runs/run-progress.ts';
import { runsOfDay } from '../../functions/core/store/runs/runs-of-day.ts';
import type { RunProgress } from '../../functions/core/store/model.ts';
import { renderTable } from '../format/table.ts';
import { defineCommand, text } from './command.ts';
import { isoDate } from './local-options.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';

export const command = defineCommand({
  usage: `shelfwatch runs [--date YYYY-MM-DD] [--stack <name> | --data <dir>]`,
  options: {
    date: text('D', 'the scan day (default: the last day a scan ran)'),
    ...STACK_OPTIONS,
  },
  async run(values) {
    return withStack(values, async ({ tableName }) => {
      const date = values.date ? isoDate(values.date, '--date') : (await scannedDays(tableName, 1))[0];
      if (!date) {
        console.error('no scan has run yet');
        return 1;
      }
      const runs = (
        await Promise.all((await runsOfDay(tableName, date)).map((id) => getRunProgress(tableName, id)))
      ).filter((run): run is RunProgress => run !== null);
      if (!runs.length) {
        console.error(`no runs on ${date}`);
        return 1;
      }
      console.log(`Runs of ${date}`);
      console.log(
        renderTable(runs, [
          { header: 'run', value: (run) => run.runId },
          { header: 'trigger', value: (run) => run.trigger },
          { header: 'selectors', value: (run) => (run.selectorsVersion ? `v${run.selectorsVersion}` : 'bundled') },
          { header: 'started', value: (run) => run.createdAt.slice(11, 19) },
          { header: 'pages', value: (run) => `${run.jobsExpected - run.pending}/${run.jobsExpected}`, align: 'right' },
          { header: 'ok', value: (run) => run.done.ok, align: 'right' },
          {
            header: 'status',
            value: (run) =>
              run.error ? `failed: ${run.error}` : !run.complete ? 'running' : run.alertedAt ? 'done, alerted' : 'done',
            max: 60,
          },
        ]),
      );
      return 0;
    });
  },
});
