import { authenticate, requireSameOrigin } from '../core/auth/authenticate.ts';
import { poolConfigFromEnv } from '../core/auth/config.ts';
import { ADMIN_GROUP } from '../core/auth/groups.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { traceInvocation } from '../core/aws/tracing.ts';
import { dayIn } from '../core/day.ts';
import { badRequest, HttpError } from '../core/http/errors.ts';
import { httpEventSchema, isHttpEvent, parseJsonBody } from '../core/http/event.ts';
import { json, withHttpErrors } from '../core/http/respond.ts';
import { launchLiveRun, TooManyJobsError } from '../core/launch/live-run.ts';
import { scheduledRunId, UnknownTargetError } from '../core/launch/plan-run.ts';
import { logError, logger } from '../core/log.ts';
import { scheduledEventSchema } from '../core/schemas/scheduled-event.ts';
import { liveSelectors } from '../core/selector-versions/live-selectors.ts';
import { seedFromBundled } from '../core/selector-versions/seed-version.ts';
import { stackSelectorOptions } from '../core/selector-versions/stack-options.ts';
import { config, timeZone } from './config.ts';
import { scanRequestSchema } from './events.ts';

// The live version of the selector files, asked on every run (a push is in the next run).
const store = stackSelectorOptions((message) => logger.warn(message));
const selectors = liveSelectors({ ...store, seed: seedFromBundled(store) });
const authFor = requestAuth(poolConfigFromEnv());

/** An on-demand scan writes its markers and puts its jobs within the API's 30 s: at most this many pages. */
const MAX_ON_DEMAND_JOBS = 2_000;

/** The daily schedule, or POST /scans: plan the run, record it, put its jobs on the stream. */
export const handler = async (event: unknown) => {
  logger.resetKeys();
  if (isHttpEvent(event)) return traceInvocation('scan on demand', {}, (annotate) => onDemand(event, annotate));
  const scheduled = scheduledEventSchema.parse(event);
  const dueAt = new Date(scheduled.time);
  const date = dayIn(dueAt, timeZone);
  const runId = scheduledRunId(date, dueAt);
  logger.appendKeys({ runId });
  return traceInvocation('daily scan', { runId }, async () => {
    const input = { trigger: 'schedule' as const, date, filter: {}, now: new Date(), runId };
    const { run, launched } = await launchLiveRun(selectors, input, config);
    // A second delivery of the same schedule: the run exists, nothing is put again.
    logger.info(launched ? 'scan started' : 'scan already started by an earlier delivery of this schedule', {
      date,
      jobs: run.jobsExpected,
    });
    return { runId, date, jobs: run.jobsExpected, started: launched };
  });
};

/** POST /scans: an administrator's scan of some markets, sites or kinds (a whole day is the schedule's). */
function onDemand(event: unknown, annotate: (key: string, value: string) => void) {
  return withHttpErrors(async () => {
    const request = httpEventSchema.parse(event);
    // Signed in, and from this site's own pages when by cookie (no other site may start scans).
    const auth = authFor(request);
    const session = await authenticate(request, auth);
    requireSameOrigin(request, session.via, auth.config);
    if (!session.identity.groups.includes(ADMIN_GROUP))
      throw new HttpError(403, `Only administrators (the ${ADMIN_GROUP} group) start scans on demand`);
    const filter = parseJsonBody(request, scanRequestSchema);
    const now = new Date();
    const { run } = await launchLiveRun(
      selectors,
      { trigger: 'api', date: dayIn(now, timeZone), filter, now },
      { ...config, maxJobs: MAX_ON_DEMAND_JOBS },
    ).catch((error: Error) => {
      // A filter naming what the selector files do not have, or too much for one request, is the caller's to change.
      if (error instanceof UnknownTargetError)
        throw badRequest(`body${error.field ? `.${error.field}` : ''}: ${error.detail}`);
      if (error instanceof TooManyJobsError) throw badRequest(`body: ${error.message}`);
      throw error;
    });
    const { runId, date, jobsExpected } = run;
    logger.appendKeys({ runId });
    annotate('runId', runId);
    logger.info('scan started on demand', { date, jobs: jobsExpected, by: session.identity.email });
    return json(202, { runId, date, jobs: jobsExpected, progress: `/runs/${runId}` });
  }, logError);
}
