import { selectorHealth } from '../../functions/core/scorecard/health.ts';
import { loadScorecard } from '../../functions/core/views/load-card.ts';
import { scannedDays } from '../../functions/core/store/days/scanned-days.ts';
import { formatHealth } from '../format/health.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';
import { defineCommand, text, UsageError } from './command.ts';
import { isoDate } from './local-options.ts';

export const command = defineCommand({
  usage: `shelfwatch health [--date YYYY-MM-DD] [--site S] [--market M] [--stack <name> | --data <dir>]

  Exits 0 when every page was read cleanly that day, 1 otherwise.

  --site S / --market M   only this site / market`,
  options: {
    date: text('D', 'the day to report (default: the last day scanned)'),
    site: text('S', 'only this site'),
    market: text('M', 'only this market'),
    ...STACK_OPTIONS,
  },
  async run(values) {
    return withStack(values, async (aws) => {
      const date = values.date ? isoDate(values.date, '--date') : (await scannedDays(aws.tableName))[0];
      if (!date) throw new UsageError(`no scanned days in ${values.data}`);
      const card = await loadScorecard(aws.tableName, date, { site: values.site, market: values.market });
      if (!card || card.targets.length === 0) {
        console.error(
          `no observations for ${date}${values.site ? ` site ${values.site}` : ''}${values.market ? ` market ${values.market}` : ''}`,
        );
        return 1;
      }
      const rows = selectorHealth(card);
      const broken = rows.filter((row) => row.status !== 'ok').length;
      console.log(
        `Selector health ${date}: ${broken ? `${broken} of ${rows.length} pages need a look` : `all ${rows.length} pages read cleanly`}\n\n${formatHealth(rows)}`,
      );
      return broken ? 1 : 0;
    });
  },
});
