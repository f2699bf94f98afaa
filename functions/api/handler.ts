import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { integerEnv, requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { httpEventSchema } from '../core/http/event.ts';
import { withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { routeApi } from './routes.ts';

const tableName = requireEnv('TABLE_NAME');
const bucketName = requireEnv('BUCKET_NAME');
const evidenceLinkSeconds = integerEnv('EVIDENCE_LINK_SECONDS', 3_600, { min: 60, max: 43_200 });
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message));
const authFor = requestAuth(poolConfigFromEnv());

/** HTTP API: signing in and out, and behind a session GET /, /scorecards/{date}, /runs/{id} (functions/api/routes.ts). */
export const handler = async (event: unknown) =>
  withHttpErrors(async () => {
    const request = httpEventSchema.parse(event);
    return routeApi(request, {
      tableName,
      bucketName,
      evidenceLinkSeconds,
      sites: (await selectors).sites,
      auth: authFor(request),
    });
  }, logError);
