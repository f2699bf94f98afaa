import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command.ts';
import { LOCAL_OPTIONS, LOCAL_USAGE, sessionOptions } from './local-options.ts';
import { redriveAndFollow, startSession } from './local-session.ts';

export const redriveCommand: Command = {
  name: 'redrive',
  summary: 'put every page of a run that has no final status back on the stream, and read them',
  usage: `shelfwatch redrive --run <id> [local options]

  For a run that lost pages: the stack stopped mid-run, a record was dead-lettered, the stream
  expired. Pages already finished are left alone; the others are read again and the run's counts
  and alerts follow. Exits 0 when the run is finished afterwards, 1 when pages are still unread.
  (start, scan and serve do this by themselves for runs a stopped local stack left unfinished.)

  --run <id>         the run, as start, scan or GET /runs/{id} name it
${LOCAL_USAGE}`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { ...LOCAL_OPTIONS, run: { type: 'string' } }, strict: true });
    if (!values.run) throw new UsageError('--run is required');
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
};
