import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSelectorFiles, readSelectorFiles } from '../../functions/core/selectors/load.ts';
import { formatProblem, type SelectorProblem } from '../../functions/core/selectors/problems.ts';
import { readVersion } from '../../functions/core/selector-versions/version-objects.ts';
import { textFiles } from '../../functions/core/selector-versions/seed-version.ts';
import { listVersions } from '../../functions/core/store/selector-version-history.ts';
import { currentVersion } from '../../functions/core/store/selector-versions.ts';
import { UnknownVersionError, type VersionStore } from '../../functions/core/selector-versions/types.ts';
import { pushVersion, rollbackTo } from '../../functions/core/selector-versions/push-version.ts';
import { renderTable } from '../format/table.ts';
import { diffSelectorSets, formatDiff } from '../maintain/selector-diff.ts';
import { defineCommand, flag, text, UsageError } from './command.ts';
import { unreadableNewMarkets } from '../maintain/probe-new-markets.ts';
import { STACK_OPTIONS, withStack } from './stack-data.ts';

const ACTIONS = ['push', 'pull', 'diff', 'history', 'rollback'] as const;

export const command = defineCommand({
  usage: `shelfwatch selectors push|pull|diff|history|rollback [options]

  push [--dir selectors]      validate every file, then upload them as one new version, live from the
                              next run; a broken file refuses the push (each named) and uploads nothing
  pull [--dir D] [--version N]  write the live version (or N) into D (default selectors-live)
  diff [--dir selectors]      the local files against the live version, per site × market
  history                     every version: when, by whom, how many files, which is live
  rollback <version>          make an earlier version live again`,
  positionals: '<action> [<version>]',
  options: {
    dir: text('D', 'the local folder (push, diff: selectors; pull: selectors-live)'),
    version: text('N', 'pull: this version instead of the live one'),
    force: flag('push: put live a new market even when its first page cannot be read'),
    ...STACK_OPTIONS,
  },
  async run(values, [action, ...positionals]) {
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
      throw new UsageError(`expected one of ${ACTIONS.join(', ')}${action ? `, not "${action}"` : ''}`);
    if (action !== 'rollback' && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const version = (text: string | undefined, what: string) => {
      if (text === undefined) return undefined;
      if (!/^v?\d+$/.test(text)) throw new UsageError(`${what}: expected a version number such as 3, not "${text}"`);
      return Number(text.replace(/^v/, ''));
    };
    if (action === 'push') {
      // Validated before anything is opened: a broken file uploads nothing.
      const dir = values.dir ?? 'selectors';
      const unreadable: SelectorProblem[] = [];
      const read = await readSelectorFiles(dir, unreadable);
      const set = loadSelectorFiles(read, dir);
      set.problems.unshift(...unreadable);
      if (set.problems.length) {
        for (const problem of set.problems) console.error(formatProblem(problem));
        console.error(`push refused: ${set.problems.length} problem(s) in ${dir}; nothing uploaded`);
        return 1;
      }
      const files = textFiles(read);
      return withStore(values, async (store, origins) => {
        // A market going live for the first time must be readable: one the site does not have is refused.
        const current = await currentVersion(store.tableName);
        const liveFiles = current ? Object.keys(await readVersion(store, current.version)) : [];
        const live = new Set(liveFiles.map((name) => name.replace(/\.ya?ml$/, '')));
        const unreadable = values.force ? [] : await unreadableNewMarkets(set.sites, live, origins);
        if (unreadable.length) {
          for (const line of unreadable) console.error(line);
          console.error(
            `push refused: ${unreadable.length} new market(s) cannot be read; nothing uploaded (check with shelfwatch try, or --force to push anyway)`,
          );
          return 1;
        }
        const pushed = (await pushVersion(store, files, {
          createdBy: `shelfwatch selectors push (${dir})`,
          origin: 'push',
        }))!;
        console.log(
          `pushed ${dir} as version ${pushed.version}: ${pushed.markets.length} market(s), ${pushed.files} file(s); the next run reads it`,
        );
        return 0;
      });
    }
    if (action === 'rollback') {
      const target = version(positionals[0], 'rollback');
      if (target === undefined) throw new UsageError('rollback: which version? (see selectors history)');
      return withStore(values, async (store) => {
        await rollbackTo(store, target, 'shelfwatch selectors rollback');
        console.log(`version ${target} is live again; the next run reads it`);
        return 0;
      });
    }
    return withStore(values, async (store) => {
      const current = await currentVersion(store.tableName);
      if (action === 'history') {
        const versions = await listVersions(store.tableName);
        if (!versions.length) {
          console.log('no versions yet: the first run seeds version 1 from the bundled files');
          return 0;
        }
        console.log(
          renderTable(versions, [
            { header: 'version', value: (v) => `${v.version}${v.version === current?.version ? ' (live)' : ''}` },
            { header: 'created', value: (v) => v.createdAt.slice(0, 19).replace('T', ' ') },
            { header: 'by', value: (v) => v.createdBy, max: 48 },
            { header: 'markets', value: (v) => v.markets.length, align: 'right' },
          ]),
        );
        return 0;
      }
      const wanted = version(values.version, '--version') ?? current?.version;
      if (wanted === undefined) {
        console.error('no versions yet: the first run seeds version 1 from the bundled files');
        return 1;
      }
      const files = await readVersion(store, wanted);
      if (action === 'pull') {
        const dir = values.dir ?? 'selectors-live';
        for (const [name, content] of Object.entries(files)) {
          await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
          await writeFile(path.join(dir, name), content);
        }
        console.log(`wrote version ${wanted} (${Object.keys(files).length} files) to ${dir}`);
        return 0;
      }
      const dir = values.dir ?? 'selectors';
      const localFiles = textFiles(await readSelectorFiles(dir));
      const diffs = diffSelectorSets(
        loadSelectorFiles(files, `selectors@v${wanted}`),
        loadSelectorFiles(localFiles, dir),
      );
      console.log(`${dir} against version ${wanted}${wanted === current?.version ? ' (live)' : ''}:`);
      console.log(formatDiff(diffs, files['tracking.yaml'] !== localFiles['tracking.yaml']));
      return 0;
    });
  },
});

/** The stack's versions (--stack, or the local data folder); an unknown version is one clear line. */
async function withStore(
  values: { stack?: string | undefined; data?: string | undefined },
  use: (store: VersionStore, siteOrigins: Record<string, string>) => Promise<number>,
): Promise<number> {
  return withStack(values, async (aws) => {
    try {
      return await use({ tableName: aws.tableName, bucketName: aws.bucketName }, aws.siteOrigins ?? {});
    } catch (error) {
      if (error instanceof UnknownVersionError) {
        console.error(`${error.message} (see shelfwatch selectors history)`);
        return 1;
      }
      throw error;
    }
  });
}
