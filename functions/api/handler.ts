import { poolConfigFromEnv } from '../core/auth/config.ts';
import { requestAuth } from '../core/auth/request-auth.ts';
import { requireEnv } from '../core/config/env.ts';
import { httpEventSchema } from '../core/http/event.ts';
import { badRequest } from '../core/http/errors.ts';
import { acceptsGzip, fitResponse } from '../core/http/fit-response.ts';
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
    const answer = await routeApi(request, {
      tableName,
      bucketName,
      sites: (await selectors.current()).set.sites,
      auth: authFor(request),
    });
    return fitResponse(answer, acceptsGzip(request.headers)) ?? tooLarge(answer);
  }, logError);

/** An answer past Lambda's 6 MB even gzipped: said, instead of the bare 500 API Gateway would give. */
function tooLarge(answer: { body?: string }): never {
  const mb = (Buffer.byteLength(answer.body ?? '') / 1024 / 1024).toFixed(1);
  throw badRequest(
    `the answer is ${mb} MB, more than one response carries (6 MB): ask for less (a shorter range, one site or market), or run shelfwatch export`,
  );
}
