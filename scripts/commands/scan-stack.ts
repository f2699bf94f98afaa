import { todayUtc } from '../../functions/core/day.ts';
import { launchLiveRun } from '../../functions/core/launch/live-run.ts';
import { UnknownTargetError } from '../../functions/core/launch/plan-run.ts';
import { PAGE_KINDS } from '../../functions/core/jobs/expand.ts';
import { liveSelectors } from '../../functions/core/selector-versions/live-selectors.ts';
import { resolveStack } from '../stack/resolve-stack.ts';
import { UsageError } from './command.ts';
import { isoDate } from './local-options.ts';

/**
 * `scan --stack <name>`: an on-demand run on a deployed (or the local) stack, planned and put on its
 * stream by the fan-out's own code with the stack's live selector version, as POST /scans would.
 */
export async function scanStack(
  name: string,
  values: { date?: string; markets?: string; sites?: string; kinds?: string },
): Promise<number> {
  const list = (text: string | undefined) =>
    text === undefined
      ? undefined
      : text
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
  const kinds = list(values.kinds);
  const unknownKind = kinds?.find((kind) => !(PAGE_KINDS as readonly string[]).includes(kind));
  if (unknownKind) throw new UsageError(`--kinds: unknown kind "${unknownKind}" (${PAGE_KINDS.join(', ')})`);
  const stack = await resolveStack(name);
  const selectors = liveSelectors({
    tableName: stack.tableName,
    bucketName: stack.bucketName,
    bundledDir: 'selectors',
    origins: new Map(),
    report: (message) => console.error(message),
  });
  const filter = {
    ...(list(values.markets) ? { markets: list(values.markets) } : {}),
    ...(list(values.sites) ? { sites: list(values.sites) } : {}),
    ...(kinds ? { kinds: kinds as (typeof PAGE_KINDS)[number][] } : {}),
  };
  const date = values.date ? isoDate(values.date, '--date') : todayUtc();
  const { run } = await launchLiveRun(
    selectors,
    { trigger: 'cli', date, filter, now: new Date() },
    { tableName: stack.tableName, streamName: stack.streamName },
  ).catch((error: Error) => {
    throw error instanceof UnknownTargetError
      ? new UsageError(error.field ? `--${error.message}` : error.message)
      : error;
  });
  const { runId, jobsExpected, selectorsVersion } = run;
  console.log(
    `run ${runId} on ${name}: ${jobsExpected} pages put on ${stack.streamName} (selectors ${selectorsVersion ? `v${selectorsVersion}` : 'bundled'}); follow it with shelfwatch runs --stack ${name} --date ${date}`,
  );
  return 0;
}
