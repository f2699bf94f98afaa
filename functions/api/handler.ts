import { requireEnv, siteOriginsEnv } from '../core/config/env.ts';
import { httpEventSchema } from '../core/http/event.ts';
import { withHttpErrors } from '../core/http/respond.ts';
import { logError, logger } from '../core/log.ts';
import { loadBundledSelectors } from '../core/selectors/bundled.ts';
import { routeApi } from './routes.ts';

const tableName = requireEnv('TABLE_NAME');
const selectors = loadBundledSelectors(siteOriginsEnv(), (message) => logger.warn(message));

/** HTTP API: GET /scorecards/{date}, GET /runs/{id}. */
export const handler = async (event: unknown) =>
  withHttpErrors(async () => routeApi(httpEventSchema.parse(event), { tableName, sites: (await selectors).sites }), logError);
