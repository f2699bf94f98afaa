import { createClassifier } from '../../functions/core/extract/classify.ts';
import { PAGE_STATUSES } from '../../functions/core/extract/types.ts';
import { replayDay } from '../../functions/core/replay/replay-day.ts';
import { loadSelectorDir, loadSelectorFiles, type SelectorSet } from '../../functions/core/selectors/load.ts';
import { readVersion } from '../../functions/core/selector-versions/version-objects.ts';
import { currentVersion } from '../../functions/core/store/selector-versions.ts';
import { UnknownVersionError, type VersionStore } from '../../functions/core/selector-versions/types.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { renderTable } from '../format/table.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';
import { defineCommand, text, UsageError } from './command.ts';
import { isoDate } from './local-options.ts';

export const command = defineCommand({
  usage: `shelfwatch replay --date YYYY-MM-DD [--site S] [--market M] [--stack <name> | --data <dir>] [--version N | --selectors <dir>]

  After fixing a selector file, backfill the days it was broken: every page of that day whose HTML
  is archived in S3 is extracted again and its observation rewritten (status, ranks, slots); pages
  that timed out or failed have no HTML and are listed as skipped. Prints the statuses before and after.`,
  options: {
    date: text('D', 'the day to replay'),
    site: text('S', 'only this site;  --market M  only this market'),
    market: text('M', 'only this market'),
    ...STACK_OPTIONS,
    selectors: text('dir', 'extract with the files of this folder instead (a fix not pushed yet)'),
    version: text('N', "extract with this version of the stack's selector files (default: the live one)"),
  },
  async run(values) {
    if (!values.date) throw new UsageError('--date is required');
    const date = isoDate(values.date, '--date');
    if (values.selectors !== undefined && values.version !== undefined)
      throw new UsageError('give --version or --selectors, not both');
    if (values.version !== undefined && !/^v?\d+$/.test(values.version))
      throw new UsageError(`--version: expected a version number such as 3, not "${values.version}"`);
    return withStack(values, async (aws) => {
      const { set, source } = await replaySelectors(
        { tableName: aws.tableName, bucketName: aws.bucketName },
        { dir: values.selectors, version: values.version ? Number(values.version.replace(/^v/, '')) : undefined },
      );
      for (const problem of set.problems) console.error(`selector file skipped: ${formatProblem(problem)}`);
      if (values.site && !set.sites.some((site) => site.site === values.site))
        throw new UsageError(`no selector file for site "${values.site}" in ${source}`);
      if (values.market && !set.sites.some((site) => site.market === values.market))
        throw new UsageError(`no selector file for market "${values.market}" in ${source}`);
      const report = await replayDay(
        date,
        { site: values.site, market: values.market },
        {
          tableName: aws.tableName,
          bucketName: aws.bucketName,
          sites: set.sites,
          classify: createClassifier(set.tracking),
          retentionDays: Number(aws.template.parameters.HistoryRetentionDays?.Default ?? 0),
          onProgress: (done, total) =>
            process.stderr.isTTY && process.stderr.write(`\rreplaying ${date}: ${done}/${total} pages\x1b[K`),
        },
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (report.considered === 0) {
        console.error(
          `no observations for ${date}${values.site ? ` site ${values.site}` : ''}${values.market ? ` market ${values.market}` : ''}: nothing to replay`,
        );
        return 1;
      }
      console.log(`replayed ${report.replayed} of ${report.considered} pages of ${date} with ${source}\n`);
      const statuses = PAGE_STATUSES.filter((status) => report.before[status] || report.after[status]);
      console.log(
        renderTable(statuses, [
          { header: 'status', value: (status) => status },
          { header: 'before', value: (status) => report.before[status], align: 'right' },
          { header: 'after', value: (status) => report.after[status], align: 'right' },
        ]),
      );
      if (report.changed.length)
        console.log(
          `\nchanged:\n${report.changed.map((change) => `  ${change.page}: ${change.from} → ${change.to}`).join('\n')}`,
        );
      if (report.skipped.length)
        console.log(`\nskipped:\n${report.skipped.map((skip) => `  ${skip.page}: ${skip.reason}`).join('\n')}`);
      return 0;
    });
  },
});

/** The files a replay extracts with: a folder given, a version given, else the live version (or selectors/ before any). */
async function replaySelectors(
  store: VersionStore,
  choice: { dir?: string | undefined; version?: number | undefined },
): Promise<{ set: SelectorSet; source: string }> {
  if (choice.dir !== undefined)
    return { set: await loadSelectorDir(choice.dir), source: `the selector files in ${choice.dir}` };
  const version = choice.version ?? (await currentVersion(store.tableName))?.version;
  if (version === undefined)
    return { set: await loadSelectorDir('selectors'), source: 'the selector files in selectors' };
  try {
    return {
      set: loadSelectorFiles(await readVersion(store, version), `selectors@v${version}`),
      source: `selector version ${version}`,
    };
  } catch (error) {
    if (error instanceof UnknownVersionError)
      throw new UsageError(`${error.message} (see shelfwatch selectors history)`);
    throw error;
  }
}
