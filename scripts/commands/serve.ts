import { parseArgs } from 'node:util';
import { todayUtc } from '../../functions/core/day.ts';
import type { Command } from './command.ts';
import { LOCAL_OPTIONS, LOCAL_USAGE, sessionOptions } from './local-options.ts';
import { printApiHelp, reconcileRuns, startSession, waitForInterrupt } from './local-session.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the API over the local data (and the demo shop) without scanning',
  usage: `shelfwatch serve [local options]

  POST /scans still starts scans; the Kinesis event source and the scrape handler run as in start.

${LOCAL_USAGE}`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: LOCAL_OPTIONS, strict: true });
    const session = await startSession(sessionOptions(values));
    try {
      await reconcileRuns(session);
      printApiHelp(session, (await session.stack.lastScannedDay()) ?? todayUtc());
      await waitForInterrupt();
    } finally {
      await session.close();
    }
    return 0;
  },
};
