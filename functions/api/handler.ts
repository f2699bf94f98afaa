import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { httpEventSchema } from '../core/http/event.ts';
import { withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { routeApi } from './routes.ts';

const tableName = requireEnv('TABLE_NAME');
const bucketName = requireEnv('BUCKET_NAME');
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message));
const authFor = requestAuth(poolConfigFromEnv());

/** HTTP API: the scorecard app and its API (functions/api/routes.ts says which route needs what). */
export const handler = async (event: unknown) =>
  withHttpErrors(async () => {
    const request = httpEventSchema.parse(event);
    return routeApi(request, {
      tableName,
      bucketName,
      sites: (await selectors).sites,
      auth: authFor(request),
    });
  }, logError);
