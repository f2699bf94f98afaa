import { formatScorecard } from '../format/scorecard.ts';
import { defineCommand, flag, text } from './command.ts';
import { scanStack } from './scan-stack.ts';
import { todayUtc } from '../../functions/core/day.ts';
import { isoDate, LOCAL_OPTIONS, sessionOptions } from './local-options.ts';
import { fetchScorecard, printAlerts, scanDay, reconcileRuns, startSession } from './local-session.ts';

export const command = defineCommand({
  usage: `shelfwatch scan [--date YYYY-MM-DD] [--json] [local options]
shelfwatch scan --stack <name> [--markets fr,de] [--sites s1,s2] [--kinds search,category,placement]

  Prints the scorecard, then the run's alerts (also appended to alerts.jsonl beside the data folder).
  Exits 0 when every page was read cleanly, 1 otherwise (the scorecard lists the problems).`,
  options: {
    ...LOCAL_OPTIONS,
    date: text('D', "the day to scan (the demo shop shows that day's rankings); default today"),
    json: flag('print the scorecard as the API returns it'),
    stack: text(
      'name',
      'start an on-demand run on that stack instead (its live selector version, its\nstream; your AWS configuration), and print its id: follow it with shelfwatch runs',
    ),
    markets: text('m1,m2', 'with --stack: only these markets'),
    sites: text('s1,s2', 'with --stack: only these sites'),
    kinds: text('k1,k2', 'with --stack: only these kinds of page (search, category, placement)'),
  },
  async run(values) {
    if (values.stack !== undefined) return scanStack(values.stack, values);
    const date = values.date ? isoDate(values.date, '--date') : todayUtc();
    const session = await startSession(sessionOptions(values));
    try {
      await reconcileRuns(session);
      const { progress, seconds } = await scanDay(session, date);
      console.error(
        `scan of ${progress.jobsExpected} pages took ${seconds.toFixed(1)} s (${(progress.jobsExpected / seconds).toFixed(1)} pages/s)`,
      );
      // The sweep first: it publishes the day's views, so the scorecard printed is this run's.
      const alerts = await session.stack.alertRun(progress.runId);
      const card = await fetchScorecard(session, date);
      console.log(values.json ? JSON.stringify(card, null, 2) : formatScorecard(card));
      printAlerts(session, alerts, { full: !values.json });
      return progress.done.ok === progress.jobsExpected ? 0 : 1;
    } finally {
      await session.close();
    }
  },
});
