import { authenticate, requireSameOrigin } from '../core/auth/authenticate.ts';
import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { httpEventSchema, isHttpEvent, parseJsonBody } from '../core/http/event.ts';
import { json, withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { dayIn } from '../core/day.ts';
import { launchLiveRun } from '../core/launch/live-run.ts';
import { scheduledRunId, UnknownTargetError } from '../core/launch/plan-run.ts';
import { badRequest } from '../core/http/errors.ts';
import { liveSelectors } from '../core/selector-versions/live-selectors.ts';
import { stackSelectorOptions } from '../core/selector-versions/stack-options.ts';
import { seedFromBundled } from '../core/selector-versions/seed-version.ts';
import { scheduledEventSchema } from '../core/schemas/scheduled-event.ts';
import { config, timeZone } from './config.ts';
import { scanRequestSchema } from './events.ts';

// The live version of the selector files, asked on every run (a push is in the next run).
const store = stackSelectorOptions((message) => logger.warn(message));
const selectors = liveSelectors({ ...store, seed: seedFromBundled(store) });
const authFor = requestAuth(poolConfigFromEnv());

/** The daily schedule, or POST /scans: plan the run, record it, put its jobs on the stream. */
export const handler = async (event: unknown) => {
  if (isHttpEvent(event)) {
    return withHttpErrors(async () => {
      const request = httpEventSchema.parse(event);
      // Signed in, and from this site's own pages when by cookie (no other site may start scans).
      const auth = authFor(request);
      requireSameOrigin(request, (await authenticate(request, auth)).via, auth.config);
      const filter = parseJsonBody(request, scanRequestSchema);
      const now = new Date();
      const { run } = await launchLiveRun(
        selectors,
        { trigger: 'api', date: dayIn(now, timeZone), filter, now },
        config,
      ).catch((error: Error) => {
        // A filter naming what the selector files do not have is the caller's mistake.
        throw error instanceof UnknownTargetError
          ? badRequest(`body${error.field ? `.${error.field}` : ''}: ${error.detail}`)
          : error;
      });
      const { runId, date, jobsExpected } = run;
      return json(202, { runId, date, jobs: jobsExpected, progress: `/runs/${runId}` });
    }, logError);
  }
  const scheduled = scheduledEventSchema.parse(event);
  const dueAt = new Date(scheduled.time);
  const date = dayIn(dueAt, timeZone);
  const runId = scheduledRunId(date, dueAt);
  const input = { trigger: 'schedule' as const, date, filter: {}, now: new Date(), runId };
  const { run, launched } = await launchLiveRun(selectors, input, config);
  const { jobsExpected } = run;
  // A second delivery of the same schedule: the run exists, nothing is put again.
  logger.info(launched ? 'scan started' : 'scan already started by an earlier delivery of this schedule', {
    runId,
    date,
    jobs: jobsExpected,
  });
  return { runId, date, jobs: jobsExpected, started: launched };
};
