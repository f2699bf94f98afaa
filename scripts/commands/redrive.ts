import { jobPartitioner } from '../../functions/core/jobs/lanes.ts';
import { redriveRun, UnknownRunError } from '../../functions/core/redrive/redrive-run.ts';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { resolveStack } from '../stack/resolve-stack.ts';
import { defineCommand, text, UsageError } from './command.ts';
import { LOCAL_OPTIONS, sessionOptions } from './local-options.ts';
import { redriveAndFollow, startSession } from './local-session.ts';

export const command = defineCommand({
  usage: `shelfwatch redrive --run <id> [local options]
shelfwatch redrive --run <id> --stack <name> [--selectors <dir>]
shelfwatch redrive --run <id> --table <name> --stream <name> [--selectors <dir>]

  For a run that lost pages: the scrape function crashed on them until the stream's mapping gave
  up (each is recorded as failed and names its failure record), the stack stopped mid-run, the
  stream expired. Pages read cleanly are left alone; the others go back on the stream, with their
  attempts anew. Locally the pages are then read, and the run's counts and alerts follow: exits 0
  when the run is finished afterwards, 1 when pages are still unread. (start, scan and serve do
  this by themselves for runs a stopped local stack left unfinished.)

  On AWS, with the stack's TableName and StreamName outputs and your AWS credentials and region
  (the SDK's usual settings): the jobs are put back and the command says how many; the stack reads
  them as it reads a run, and the scorecard and GET /runs/{id} follow.`,
  options: {
    ...LOCAL_OPTIONS,
    run: text('id', 'the run, as start, scan, GET /runs/{id} or the dead-letter alarm name it'),
    stack: text('name', 'the deployed stack, by its CloudFormation outputs (your AWS configuration)'),
    table: text('name', "the deployed stack's table (output TableName)"),
    stream: text('name', "the deployed stack's stream (output StreamName)"),
  },
  async run(values) {
    if (!values.run) throw new UsageError('--run is required');
    if (values.stack !== undefined) {
      const stack = await resolveStack(values.stack);
      return redriveDeployed({ ...values, table: stack.tableName, stream: stack.streamName });
    }
    if (values.table !== undefined || values.stream !== undefined) return redriveDeployed(values);
    if (values.memory)
      throw new UsageError('--memory has no runs to redrive: point --data at the folder the run is in');
    const session = await startSession(sessionOptions(values));
    try {
      if (!(await session.stack.runProgress(values.run)))
        throw new UsageError(`no run ${values.run} in ${values.data}`);
      const progress = await redriveAndFollow(session, values.run);
      console.log(
        `run ${progress.runId}: ${progress.jobsExpected - progress.pending} of ${progress.jobsExpected} pages finished${progress.complete ? '' : `, ${progress.pending} still unread`}`,
      );
      return progress.complete ? 0 : 1;
    } finally {
      await session.close();
    }
  },
});

/** The deployed stack's run: its jobs back on its stream, keyed as its fan-out keys them (the same selector files). */
async function redriveDeployed(values: { run?: string; table?: string; stream?: string; selectors?: string }) {
  if (!values.table || !values.stream)
    throw new UsageError('--table and --stream go together (the stack outputs TableName and StreamName)');
  const dir = values.selectors ?? 'selectors';
  const { sites, problems } = await loadSelectorDir(dir);
  if (problems.length) throw new UsageError(`${dir} has broken selector files: run shelfwatch validate --dir ${dir}`);
  try {
    const redrive = await redriveRun(values.run!, {
      tableName: values.table,
      streamName: values.stream,
      sites,
      partitionKeyOf: jobPartitioner(sites),
    });
    console.log(
      `run ${redrive.runId} (${redrive.date}): ${redrive.jobs.length} of ${redrive.jobsExpected} pages put back on ${values.stream}${redrive.jobs.length ? '; follow it with GET /runs/' + redrive.runId : ': nothing to redrive'}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UnknownRunError) throw new UsageError(`no run ${values.run} in table ${values.table}`);
    throw error;
  }
}
