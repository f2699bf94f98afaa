import { todayUtc } from '../../functions/core/day.ts';
import { defineCommand } from './command.ts';
import { LOCAL_OPTIONS, sessionOptions } from './local-options.ts';
import { printApiHelp, reconcileRuns, startSession, waitForInterrupt } from './local-session.ts';

export const command = defineCommand({
  usage: `shelfwatch serve [local options]

  POST /scans still starts scans; the Kinesis event source and the scrape handler run as in start.`,
  options: LOCAL_OPTIONS,
  async run(values) {
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
});
