import { createWriteStream } from 'node:fs';
import { shiftDay, todayUtc } from '../../functions/core/day.ts';
import {
  exportHistoryDays,
  historyCsvDay,
  historyCsvHead,
  MAX_EXPORT_DAYS,
} from '../../functions/core/exports/history-export.ts';
import { progressPrinter } from '../format/progress.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';
import { defineCommand, flag, required, text, UsageError } from './command.ts';
import { isoDate } from './local-options.ts';

/** Where `npm start` serves when port 3000 is free: the links' address when nothing better is known. */
const FALLBACK_APP_URL = 'http://127.0.0.1:3000';

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
      "the app the evidence links point at (default: the stack's own: a deployed stack's ApiUrl,\nthe running local stack's address, or the one it last served on)",
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
    if (values['app-url'] !== undefined && !/^https?:\/\//.test(values['app-url']))
      throw new UsageError('--app-url: expected an http(s) address');
    const progress = progressPrinter();
    const bar = (done: number, total: number, width = 24) => {
      const filled = total ? Math.round((done / total) * width) : width;
      return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} days`;
    };
    // Written day by day: a year of a large stack never sits in memory.
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    const write = (text: string) =>
      new Promise<void>((resolve, reject) => {
        out.write(text, (error) => (error ? reject(error) : resolve()));
      });
    let days = 0;
    let rows = 0;
    await write(
      values.format === 'json'
        ? `{"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},"days":[`
        : historyCsvHead({ bom: values.bom }),
    );
    await withStack(values, (aws) => {
      const appUrl = values['app-url'] ?? aws.appUrl ?? FALLBACK_APP_URL;
      if (!values['app-url'] && !aws.appUrl)
        console.error(
          `evidence links point at ${FALLBACK_APP_URL} (this data folder's stack has never served): give --app-url where the app runs`,
        );
      return exportHistoryDays(
        { tableName: aws.tableName, bucketName: aws.bucketName },
        { from, to, site: values.site, market: values.market },
        async (card) => {
          rows += card.targets.length;
          await write(
            values.format === 'json' ? `${days ? ',' : ''}\n${JSON.stringify(card)}` : historyCsvDay(card, { appUrl }),
          );
          days += 1;
        },
        (done, total) => progress.update(`exporting ${from} to ${to} ${bar(done, total)}`),
      );
    });
    if (values.format === 'json') await write('\n]}\n');
    if (values.out) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
    progress.done(
      `exported ${days} scanned day${days === 1 ? '' : 's'} (${rows} site × market views) from ${from} to ${to}${values.out ? ` to ${values.out}` : ''}`,
    );
    return days ? 0 : 1;
  },
});
