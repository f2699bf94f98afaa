import { authenticate, requireSameOrigin } from '../core/auth/authenticate.ts';
import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { optionalEnv, requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { jobPartitioner } from '../core/jobs/lanes.ts';
import { badRequest } from '../core/http/errors.ts';
import { httpEventSchema, isHttpEvent, parseJsonBody } from '../core/http/event.ts';
import { json, withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { launchRun } from '../core/pipeline/launch-run.ts';
import { dayIn } from '../core/day.ts';
import { planRun, scheduledRunId, UnknownTargetError } from '../core/pipeline/plan-run.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { scheduledEventSchema } from '../core/schemas/scheduled-event.ts';
import { scanRequestSchema } from './events.ts';

const config = { tableName: requireEnv('TABLE_NAME'), streamName: requireEnv('STREAM_NAME') };
const timeZone = optionalEnv('SCAN_TIME_ZONE', 'UTC');
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message));
const launchDeps = selectors.then((set) => ({ ...config, partitionKeyOf: jobPartitioner(set.sites) }));
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
      const planned = await plan({ trigger: 'api', date: dayIn(new Date(), timeZone), filter, now: new Date() });
      await launchRun(planned, await launchDeps);
      const { runId, date, jobsExpected } = planned.run;
      return json(202, { runId, date, jobs: jobsExpected, progress: `/runs/${runId}` });
    }, logError);
  }
  const scheduled = scheduledEventSchema.parse(event);
  const dueAt = new Date(scheduled.time);
  const date = dayIn(dueAt, timeZone);
  const planned = await plan({
    trigger: 'schedule',
    date,
    filter: {},
    now: new Date(),
    runId: scheduledRunId(date, dueAt),
  });
  const launched = await launchRun(planned, await launchDeps);
  const { runId, jobsExpected } = planned.run;
  // A second delivery of the same schedule: the run exists, nothing is put again.
  logger.info(launched ? 'scan started' : 'scan already started by an earlier delivery of this schedule', {
    runId,
    date,
    jobs: jobsExpected,
  });
  return { runId, date, jobs: jobsExpected, started: launched };
};

async function plan(input: Parameters<typeof planRun>[1]) {
  try {
    return planRun((await selectors).sites, input);
  } catch (error) {
    if (error instanceof UnknownTargetError)
      throw badRequest(`${error.field ? `body.${error.field}` : 'body'}: ${error.detail}`);
    throw error;
  }
}
