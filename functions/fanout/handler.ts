import { optionalEnv, requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { badRequest } from '../core/http/errors.ts';
import { httpEventSchema, isHttpEvent, parseJsonBody } from '../core/http/event.ts';
import { json, withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { launchRun } from '../core/pipeline/launch-run.ts';
import { dayIn } from '../core/day.ts';
import { planRun, UnknownTargetError } from '../core/pipeline/plan-run.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { scheduledEventSchema } from '../core/schemas/scheduled-event.ts';
import { scanRequestSchema } from './events.ts';

const deps = { tableName: requireEnv('TABLE_NAME'), streamName: requireEnv('STREAM_NAME') };
const timeZone = optionalEnv('SCAN_TIME_ZONE', 'UTC');
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message));

/** The daily schedule, or POST /scans: plan the run, record it, put its jobs on the stream. */
export const handler = async (event: unknown) => {
  if (isHttpEvent(event)) {
    return withHttpErrors(async () => {
      const filter = parseJsonBody(httpEventSchema.parse(event), scanRequestSchema);
      const planned = plan({ trigger: 'api', date: dayIn(new Date(), timeZone), filter, now: new Date() });
      await launchRun(await planned, deps);
      const { runId, date, jobsExpected } = (await planned).run;
      return json(202, { runId, date, jobs: jobsExpected, progress: `/runs/${runId}` });
    }, logError);
  }
  const scheduled = scheduledEventSchema.parse(event);
  const planned = await plan({
    trigger: 'schedule',
    date: dayIn(new Date(scheduled.time), timeZone),
    filter: {},
    now: new Date(),
  });
  await launchRun(planned, deps);
  logger.info('scan started', { runId: planned.run.runId, date: planned.run.date, jobs: planned.run.jobsExpected });
  return { runId: planned.run.runId, date: planned.run.date, jobs: planned.run.jobsExpected };
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
