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

/** HTTP API: GET /, GET /scorecards/{date}, GET /runs/{id}. */
export const handler = async (event: unknown) =>
  withHttpErrors(
    async () =>
      routeApi(httpEventSchema.parse(event), {
        tableName,
        bucketName,
        evidenceLinkSeconds,
        sites: (await selectors).sites,
      }),
    logError,
  );
