import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { shiftDay, todayUtc } from '../../functions/core/day.ts';
import { exportHistory, historyCsv, MAX_EXPORT_DAYS } from '../../functions/core/scorecard/history-export.ts';
import { progressPrinter } from '../format/progress.ts';
import { STACK_OPTIONS, STACK_USAGE, withStack } from './stack-data.ts';
import { UsageError, type Command } from './command.ts';
import { isoDate } from './local-options.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'one CSV or JSON file of every scanned day of a date range (what GET /history gives)',
  usage: `shelfwatch export --from YYYY-MM-DD [--to YYYY-MM-DD] [--site S] [--market M] [--format csv|json] [--bom] [--out <file>] [--app-url <url>] [--stack <name> | --data <dir>]

  The daily CSV's columns for every day of the range, plus who holds #1, every brand's share and
  links to each row's evidence (they open in the app after signing in). Written to --out, or to
  standard output; a progress bar on standard error.

  --from D, --to D   the range (--to defaults to today; at most ${MAX_EXPORT_DAYS} days)
  --site S           only this site;  --market M  only this market
  --format F         csv (default) or json
  --bom              start the CSV with a byte-order mark (for spreadsheets that need one)
  --out <file>       where to write it (default: standard output)
  --app-url <url>    the app the evidence links point at (default http://127.0.0.1:3000, npm start's)
${STACK_USAGE}`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        site: { type: 'string' },
        market: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        bom: { type: 'boolean', default: false },
        out: { type: 'string' },
        'app-url': { type: 'string', default: 'http://127.0.0.1:3000' },
        ...STACK_OPTIONS,
      },
      strict: true,
    });
    if (!values.from) throw new UsageError('--from is required');
    const from = isoDate(values.from, '--from');
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
};
