import { formatScorecard } from '../format/scorecard.ts';
import { defineCommand, flag, text, UsageError } from './command.ts';
import { isoDate, LOCAL_OPTIONS, sessionOptions } from './local-options.ts';
import { daysBefore, todayUtc } from '../../functions/core/day.ts';
import {
  fetchScorecard,
  printApiHelp,
  printAlerts,
  reportAlerts,
  scanDay,
  reconcileRuns,
  startSession,
  waitForInterrupt,
} from './local-session.ts';

export const command = defineCommand({
  usage: `shelfwatch start [--backfill N] [--date YYYY-MM-DD] [--once] [local options]

  Starts the demo shop and the local stack (DynamoDB, Kinesis, S3 and the four handlers wired as
  template.yaml wires them), runs the daily scan with a progress bar, prints the scorecard and the
  run's alerts (also appended to alerts.jsonl beside the data folder, and POSTed to
  $ALERT_WEBHOOK_URL when set), then keeps serving the API until Ctrl-C.`,
  options: {
    ...LOCAL_OPTIONS,
    backfill: text('N', 'first scan the N days before, so the scorecard shows changes and trends', '0'),
    date: text('D', 'scan as if today were D (the demo shop follows)'),
    once: flag('exit after printing the scorecard'),
  },
  async run(values) {
    const backfill = Number(values.backfill);
    if (!Number.isInteger(backfill) || backfill < 0 || backfill > 60)
      throw new UsageError(`--backfill expects 0 to 60 days, got "${values.backfill}"`);
    const today = values.date ? isoDate(values.date, '--date') : todayUtc();
    const session = await startSession(sessionOptions(values));
    try {
      console.error(
        `local stack up: DynamoDB ${session.stack.endpoints.dynamodb}, Kinesis ${session.stack.endpoints.kinesis}, S3 ${session.stack.endpoints.s3}${values.memory ? ' (in memory)' : ` (data in ${values.data})`}`,
      );
      await reconcileRuns(session);
      for (const day of daysBefore(today, backfill)) {
        const { progress } = await scanDay(session, day, `backfill ${day}`);
        await reportAlerts(session, progress.runId, { full: false });
      }
      const { progress, seconds } = await scanDay(session, today);
      const pages = progress.jobsExpected;
      console.log(`\nscan of ${pages} pages took ${seconds.toFixed(1)} s (${(pages / seconds).toFixed(1)} pages/s)\n`);
      // The sweep first: it publishes the day's views, so the scorecard printed is this run's, compared
      // with the days just backfilled (not a view an earlier start left).
      const alerts = await session.stack.alertRun(progress.runId);
      console.log(formatScorecard(await fetchScorecard(session, today)));
      printAlerts(session, alerts, { full: true });
      if (!values.once) {
        printApiHelp(session, today);
        await waitForInterrupt();
      }
    } finally {
      await session.close();
    }
    return 0;
  },
});
