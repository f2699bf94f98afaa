import { writeFile } from 'node:fs/promises';
import { shiftDay, todayUtc } from '../../functions/core/day.ts';
import { exportHistory, historyCsv, MAX_EXPORT_DAYS } from '../../functions/core/exports/history-export.ts';
import { progressPrinter } from '../format/progress.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';
import { defineCommand, flag, required, text, UsageError } from './command.ts';
import { isoDate } from './local-options.ts';

export const command = defineCommand({
  usage: `shelfwatch export --from YYYY-MM-DD [--to YYYY-MM-DD] [--site S] [--market M] [--format csv|json] [--bom] [--out <file>] [--app-url <url>] [--stack <name> | --data <dir>]

  The daily CSV's columns for every day of the range, plus who holds #1, every brand's share and
  links to each row's evidence (they open in the app after signing in). Written to --out, or to
  standard output; a progress bar on standard error.`,
  options: {
    from: text('D', 'the first day of the range'),
    to: text('D', `the last day (default today; at most ${MAX_EXPORT_DAYS} days in all)`),
    site: text('S', 'only this site'),
    market: text('M', 'only this market'),
    format: text('F', 'csv (default) or json', 'csv'),
    bom: flag('start the CSV with a byte-order mark (for spreadsheets that need one)'),
    out: text('file', 'where to write it (default: standard output)'),
    'app-url': text(
      'url',
      "the app the evidence links point at (default http://127.0.0.1:3000, npm start's)",
      'http://127.0.0.1:3000',
    ),
    ...STACK_OPTIONS,
  },
  async run(values) {
    const from = isoDate(required(values.from, '--from'), '--from');
    const to = values.to ? isoDate(values.to, '--to') : todayUtc();
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    if (shiftDay(from, MAX_EXPORT_DAYS - 1) < to) throw new UsageError(`at most ${MAX_EXPORT_DAYS} days at once`);
    if (values.format !== 'csv' && values.format !== 'json')
      throw new UsageError(`--format ${values.format}: expected csv or json`);
    if (!/^https?:\/\//.test(values['app-url'])) throw new UsageError('--app-url: expected an http(s) address');
    const progress = progressPrinter();
    const bar = (done: number, total: number, width = 24) => {
      const filled = total ? Math.round((done / total) * width) : width;
      return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} days`;
    };
    const cards = await withStack(values, (aws) =>
      exportHistory(
        { tableName: aws.tableName, bucketName: aws.bucketName },
        { from, to, site: values.site, market: values.market },
        (done, total) => progress.update(`exporting ${from} to ${to} ${bar(done, total)}`),
      ),
    );
    const rows = cards.reduce((sum, card) => sum + card.targets.length, 0);
    const body =
      values.format === 'json'
        ? `${JSON.stringify({ from, to, days: cards }, null, 2)}\n`
        : historyCsv(cards, { appUrl: values['app-url'], bom: values.bom });
    if (values.out) await writeFile(values.out, body);
    else process.stdout.write(body);
    progress.done(
      `exported ${cards.length} scanned day${cards.length === 1 ? '' : 's'} (${rows} site × market views) from ${from} to ${to}${values.out ? ` to ${values.out}` : ''}`,
    );
    return cards.length ? 0 : 1;
  },
});
