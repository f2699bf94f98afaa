import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { requireEnv } from '../core/config/env.ts';
import { httpEventSchema } from '../core/http/event.ts';
import { withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { liveSelectors } from '../core/selector-versions/live-selectors.ts';
import { stackSelectorOptions } from '../core/selector-versions/stack-options.ts';
import { routeApi } from './routes.ts';

const tableName = requireEnv('TABLE_NAME');
const bucketName = requireEnv('BUCKET_NAME');
// The live selector version's sites (which markets exist), asked again at most once a minute.
const selectors = liveSelectors({ ...stackSelectorOptions((message) => logger.warn(message)), recheckMs: 60_000 });
const authFor = requestAuth(poolConfigFromEnv());

/** HTTP API: the scorecard app and its API (functions/api/routes.ts says which route needs what). */
export const handler = async (event: unknown) =>
  withHttpErrors(async () => {
    const request = httpEventSchema.parse(event);
    return routeApi(request, {
      tableName,
      bucketName,
      sites: (await selectors.current()).set.sites,
      auth: authFor(request),
    });
  }, logError);
